package dev.atelier.weights.torch7;

import dev.atelier.BadInputException;
import dev.atelier.Failures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Torch7 {@code torch.save} file (binary mode, as Linux and macOS write it: little-endian,
 * 4-byte ints, 8-byte longs) into plain values, executing nothing: {@code nil} is {@code null},
 * numbers {@link Double}, strings {@link String} (bytes as ISO-8859-1), booleans {@link Boolean},
 * tables {@link Torch7Table}, storages {@link Torch7Storage}, tensors {@link Torch7Tensor}, and
 * other objects {@link Torch7Object}s. Objects and tables carry a reference index, and an index
 * seen again stands for the same object, so tensors share storages as they did in Lua.
 *
 * <p>The format, from torch7's {@code File.lua} and {@code generic/Tensor.c}: every value starts
 * with an int type code (0 nil, 1 number: a double, 2 string: int length and bytes, 3 table, 4
 * torch object, 5 boolean: an int, 6/7/8 Lua functions). Tables and objects continue with an int
 * reference index; a table then holds an int entry count and that many key and value pairs; an
 * object a version string ({@code "V 1"}, absent in files from before versioning), its class
 * name and its payload: a storage an int64 count and the raw elements, a tensor an int dimension
 * count, int64 sizes, int64 strides, an int64 1-based offset and its storage, any other class a
 * table of fields.
 *
 * <p>Hostile files are refused with one line: Lua functions (which {@code torch.load} would run),
 * classes outside {@link Torch7Classes}, references to an object still being read (cycles),
 * lengths, counts and tensor extents beyond what the file holds, nesting deeper than {@value
 * #MAXIMUM_DEPTH}. Nothing is allocated beyond what the file's own bytes justify: storages stay
 * in the (memory-mapped) file until a tensor is copied out.
 */
public final class Torch7Reader {
    static final int NIL = 0;
    static final int NUMBER = 1;
    static final int STRING = 2;
    static final int TABLE = 3;
    static final int TORCH = 4;
    static final int BOOLEAN = 5;
    static final int FUNCTION = 6;
    static final int LEGACY_RECURSIVE_FUNCTION = 7;
    static final int RECURSIVE_FUNCTION = 8;

    /** Deepest nesting of tables and objects read. */
    static final int MAXIMUM_DEPTH = 200;
    /** Most dimensions a tensor may have. */
    static final int MAXIMUM_DIMENSIONS = 16;
    /** Longest string read (class names, keys, option values). */
    static final int MAXIMUM_STRING = 1 << 20;

    private final Path file;
    private final ByteBuffer bytes;
    private final Map<Integer, Object> objects = new HashMap<>();
    private final Set<Integer> unfinished = new HashSet<>();
    private int depth;

    private Torch7Reader(Path file, ByteBuffer bytes) {
        this.file = file;
        this.bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.bytes.position(0);
    }

    /**
     * Reads the one object a {@code .t7} file holds.
     *
     * @throws BadInputException naming the file for anything but a well-formed binary Torch7 file of
     *     allowed classes
     */
    public static Object read(Path file) {
        return read(file, map(file));
    }

    /** Reads a Torch7 object from bytes; {@code file} names them in messages. */
    public static Object read(Path file, ByteBuffer bytes) {
        Torch7Reader reader = new Torch7Reader(file, bytes);
        if (reader.bytes.remaining() == 0) {
            throw new BadInputException(file, "empty file, not a Torch7 file");
        }
        if (looksLikeAscii(reader.bytes)) {
            throw new BadInputException(file, "a Torch7 file saved in ASCII mode; Atelier reads binary .t7 files "
                    + "(torch.save's default)");
        }
        Object root = reader.readValue();
        if (reader.bytes.hasRemaining()) {
            throw new BadInputException(file, reader.bytes.remaining() + " bytes follow the saved object (at byte "
                    + reader.bytes.position() + "); not a Torch7 file, or a damaged one");
        }
        return root;
    }

    /**
     * Whether a file's first bytes are a binary Torch7 file's: the type code of a table or torch
     * object, then reference index 1.
     */
    public static boolean looksLikeTorch7(byte[] start) {
        if (start.length < 8) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
        int type = buffer.getInt(0);
        return (type == TABLE || type == TORCH) && buffer.getInt(4) == 1;
    }

    private static boolean looksLikeAscii(ByteBuffer bytes) {
        return bytes.remaining() >= 2 && bytes.get(0) >= '0' && bytes.get(0) <= '8' && bytes.get(1) == '\n';
    }

    private static ByteBuffer map(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file, "is a folder, not a Torch7 file");
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, Files.exists(file) ? "not a regular file" : "no such file");
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size > Integer.MAX_VALUE) {
                    throw new BadInputException(file, "is " + size + " bytes; Atelier reads Torch7 files up to 2 GiB");
                }
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                return mapped.order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
    }

    private Object readValue() {
        int at = bytes.position();
        int type = readInt("a type code");
        return switch (type) {
            case NIL -> null;
            case NUMBER -> {
                require(8, "a number");
                yield bytes.getDouble();
            }
            case STRING -> readString("a string");
            case BOOLEAN -> {
                int value = readInt("a boolean");
                if (value != 0 && value != 1) {
                    throw bad("boolean with value " + value + " at byte " + at);
                }
                yield value == 1;
            }
            case TABLE, TORCH -> readReferenced(type, at);
            case FUNCTION, LEGACY_RECURSIVE_FUNCTION, RECURSIVE_FUNCTION -> throw bad("holds a Lua function at byte "
                    + at + "; Atelier runs no code from model files and refuses them");
            default -> throw bad("unknown value type " + type + " at byte " + at + " (not a binary Torch7 file, "
                    + "or a damaged one)");
        };
    }

    private Object readReferenced(int type, int at) {
        int index = readInt("a reference index");
        if (unfinished.contains(index)) {
            throw bad("cyclic reference at byte " + at + ": object " + index + " contains itself");
        }
        if (objects.containsKey(index)) {
            return objects.get(index);
        }
        if (++depth > MAXIMUM_DEPTH) {
            throw bad("values nested more than " + MAXIMUM_DEPTH + " deep at byte " + at);
        }
        unfinished.add(index);
        Object value = type == TABLE ? readTable(at) : readObject(at);
        unfinished.remove(index);
        objects.put(index, value);
        depth--;
        return value;
    }

    private Torch7Table readTable(int at) {
        int size = readInt("a table size");
        // Each entry takes at least two type codes: a count beyond that cannot be in the file.
        if (size < 0 || (long) size * 8 > bytes.remaining()) {
            throw bad("table at byte " + at + " declares " + size + " entries, more than the file holds");
        }
        Torch7Table table = new Torch7Table();
        for (int i = 0; i < size; i++) {
            int keyAt = bytes.position();
            Object key = readValue();
            if (key == null || (key instanceof Double number && number.isNaN())) {
                throw bad("table key at byte " + keyAt + " is " + (key == null ? "nil" : "NaN")
                        + ", which Lua tables cannot hold");
            }
            table.put(key, readValue());
        }
        return table;
    }

    private Object readObject(int at) {
        String version = readString("a class version");
        String className;
        int versionNumber;
        if (version.startsWith("V ")) {
            versionNumber = parseVersion(version, at);
            className = readString("a class name");
        } else {
            // Written before Torch7 versioned its classes: the first string is the class name.
            className = version;
            versionNumber = 0;
        }
        if (!Torch7Classes.allowed(className)) {
            throw bad("holds an object of class " + quoted(className) + " at byte " + at + ", which Atelier does not "
                    + "read (it reads tensors, storages and the nn modules of feed-forward style networks)");
        }
        var storageType = StorageType.ofStorageClass(className);
        if (storageType.isPresent()) {
            return readStorage(storageType.get(), at);
        }
        var tensorType = StorageType.ofTensorClass(className);
        if (tensorType.isPresent()) {
            return readTensor(tensorType.get(), className, at);
        }
        return new Torch7Object(className, versionNumber, readValue());
    }

    private int parseVersion(String version, int at) {
        try {
            double number = Double.parseDouble(version.substring(2).trim());
            if (number != Math.rint(number) || number < 0 || number > Integer.MAX_VALUE) {
                throw new NumberFormatException(version);
            }
            return (int) number;
        } catch (NumberFormatException e) {
            throw bad("class version " + quoted(version) + " at byte " + at + " is not a number");
        }
    }

    private Torch7Storage readStorage(StorageType type, int at) {
        long count = readLong("a storage size");
        if (count < 0 || count > bytes.remaining() / type.byteSize()) {
            throw bad("storage at byte " + at + " declares " + count + " elements of " + type.byteSize()
                    + " bytes, more than the file holds (truncated or damaged)");
        }
        int start = bytes.position();
        bytes.position(start + (int) (count * type.byteSize()));
        return new Torch7Storage(type, count, bytes, start);
    }

    private Torch7Tensor readTensor(StorageType type, String className, int at) {
        int dimensions = readInt("a tensor's dimension count");
        if (dimensions < 0 || dimensions > MAXIMUM_DIMENSIONS) {
            throw bad("tensor at byte " + at + " has " + dimensions + " dimensions (at most " + MAXIMUM_DIMENSIONS
                    + " are read)");
        }
        long[] sizes = new long[dimensions];
        long[] strides = new long[dimensions];
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = readLong("a tensor size");
        }
        for (int d = 0; d < dimensions; d++) {
            strides[d] = readLong("a tensor stride");
        }
        long offset = readLong("a tensor offset") - 1;
        int storageAt = bytes.position();
        Object storage = readValue();
        if (storage != null && !(storage instanceof Torch7Storage)) {
            throw bad(className + " at byte " + at + " has no storage but " + describe(storage) + " at byte "
                    + storageAt);
        }
        Torch7Storage elements = (Torch7Storage) storage;
        if (elements != null && elements.type() != type) {
            throw bad(className + " at byte " + at + " lies on a storage of " + elements.type().name().toLowerCase()
                    + " elements");
        }
        checkExtent(sizes, strides, offset, elements, className, at);
        return new Torch7Tensor(type, sizes, strides, offset, elements);
    }

    /** Every element the tensor addresses must lie within its storage. */
    private void checkExtent(long[] sizes, long[] strides, long offset, Torch7Storage storage, String className,
            int at) {
        boolean empty = sizes.length == 0 || storage == null;
        long last = offset;
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] < 0 || strides[d] < 0) {
                throw bad(className + " at byte " + at + " has a negative size or stride");
            }
            if (sizes[d] == 0) {
                empty = true;
            }
        }
        if (empty) {
            return;
        }
        try {
            for (int d = 0; d < sizes.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(sizes[d] - 1, strides[d]));
            }
        } catch (ArithmeticException overflow) {
            last = Long.MAX_VALUE;
        }
        if (offset < 0 || last >= storage.count()) {
            throw bad(className + " at byte " + at + " reaches element " + (offset < 0 ? offset : last)
                    + " of a storage of " + storage.count() + " (sizes beyond the file)");
        }
    }

    private String readString(String what) {
        int at = bytes.position();
        int length = readInt(what);
        if (length < 0 || length > bytes.remaining()) {
            throw bad("string at byte " + at + " declares " + length + " bytes, more than the file holds");
        }
        if (length > MAXIMUM_STRING) {
            throw bad("string at byte " + at + " is " + length + " bytes long, longer than a model file's strings");
        }
        byte[] text = new byte[length];
        bytes.get(text);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private int readInt(String what) {
        require(4, what);
        return bytes.getInt();
    }

    private long readLong(String what) {
        require(8, what);
        return bytes.getLong();
    }

    private void require(int count, String what) {
        if (bytes.remaining() < count) {
            throw bad("truncated file (it ends inside " + what + " at byte " + bytes.position() + ")");
        }
    }

    private BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }

    private static String describe(Object value) {
        if (value instanceof Torch7Object object) {
            return "a " + quoted(object.className());
        }
        return value instanceof Torch7Table ? "a table" : "a " + value.getClass().getSimpleName().toLowerCase();
    }

    /** Text from the file, quoted and kept to one short line. */
    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            quoted.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return quoted.append(text.length() > 100 ? "...'" : "'").toString();
    }
}
