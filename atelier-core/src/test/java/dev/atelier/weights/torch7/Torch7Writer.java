package dev.atelier.weights.torch7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes Torch7 binary files as torch7's {@code File.lua} writes them, for tests: the values below
 * stand for Lua's, and a value given twice (the same Java object) is written once and then by
 * reference, as Lua's writer does for tables and objects it has written.
 *
 * <p>Also offers the raw primitives, for hand-built damaged files.
 */
public final class Torch7Writer {
    /** A Lua table: entries in order. */
    public record Table(Map<Object, Object> entries) {
        public static Table of(Object... keysAndValues) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                entries.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return new Table(entries);
        }

        /** A Lua list {@code {a, b, c}}: keys 1, 2, 3. */
        public static Table list(Object... items) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (int i = 0; i < items.length; i++) {
                entries.put((double) (i + 1), items[i]);
            }
            return new Table(entries);
        }

        public Table with(Object key, Object value) {
            entries.put(key, value);
            return this;
        }
    }

    /** An object of a Torch7 class with a payload (a table of fields for nn modules). */
    public record TorchObject(String className, int version, Object payload) {
        public TorchObject(String className, Object payload) {
            this(className, 1, payload);
        }
    }

    /** A storage of doubles written as the given class ({@code torch.FloatStorage}, …). */
    public record Storage(String className, double[] values) {}

    /** A tensor: class, sizes, strides, 1-based offset, storage (may be {@code null}). */
    public record Tensor(String className, long[] sizes, long[] strides, long offset, Storage storage) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> indices = new IdentityHashMap<>();
    private int nextIndex = 1;

    /** A contiguous float tensor over its own storage. */
    public static Tensor floats(float[] values, long... sizes) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return new Tensor("torch.FloatTensor", sizes.clone(), contiguousStrides(sizes), 1,
                new Storage("torch.FloatStorage", doubles));
    }

    public static long[] contiguousStrides(long[] sizes) {
        long[] strides = new long[sizes.length];
        long stride = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= sizes[d];
        }
        return strides;
    }

    public static byte[] bytes(Object value) {
        return new Torch7Writer().value(value).toBytes();
    }

    public static Path write(Path file, Object value) {
        try {
            Files.write(file, bytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public Torch7Writer value(Object value) {
        if (value == null) {
            return writeInt(Torch7Reader.NIL);
        }
        if (value instanceof Number number) {
            return writeInt(Torch7Reader.NUMBER).writeDouble(number.doubleValue());
        }
        if (value instanceof String text) {
            return writeInt(Torch7Reader.STRING).writeString(text);
        }
        if (value instanceof Boolean flag) {
            return writeInt(Torch7Reader.BOOLEAN).writeInt(flag ? 1 : 0);
        }
        boolean table = value instanceof Table;
        writeInt(table ? Torch7Reader.TABLE : Torch7Reader.TORCH);
        Integer known = indices.get(value);
        if (known != null) {
            return writeInt(known);
        }
        int index = nextIndex++;
        indices.put(value, index);
        writeInt(index);
        if (value instanceof Table lua) {
            writeInt(lua.entries().size());
            lua.entries().forEach((key, item) -> {
                value(key);
                value(item);
            });
        } else if (value instanceof TorchObject object) {
            writeString("V " + object.version()).writeString(object.className());
            value(object.payload());
        } else if (value instanceof Storage storage) {
            writeString("V 1").writeString(storage.className());
            writeLong(storage.values().length);
            StorageType type = StorageType.ofStorageClass(storage.className()).orElseThrow();
            for (double element : storage.values()) {
                writeElement(type, element);
            }
        } else if (value instanceof Tensor tensor) {
            writeString("V 1").writeString(tensor.className());
            writeInt(tensor.sizes().length);
            for (long size : tensor.sizes()) {
                writeLong(size);
            }
            for (long stride : tensor.strides()) {
                writeLong(stride);
            }
            writeLong(tensor.offset());
            value(tensor.storage());
        } else {
            throw new IllegalArgumentException("no Torch7 form for " + value.getClass());
        }
        return this;
    }

    private void writeElement(StorageType type, double element) {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case BYTE, CHAR -> buffer.put((byte) element);
            case SHORT -> buffer.putShort((short) element);
            case INT -> buffer.putInt((int) element);
            case LONG -> buffer.putLong((long) element);
            case FLOAT -> buffer.putFloat((float) element);
            case DOUBLE -> buffer.putDouble(element);
            case HALF -> buffer.putShort(halfBits((float) element));
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    /** float32 to binary16, round to nearest even (normal range only: enough for tests). */
    static short halfBits(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (value == 0) {
            return (short) sign;
        }
        int rounded = mantissa + 0xfff + ((mantissa >>> 13) & 1);
        if ((rounded & 0x800000) != 0) {
            rounded = 0;
            exponent++;
        }
        return (short) (sign | (exponent << 10) | (rounded >>> 13));
    }

    public Torch7Writer writeInt(int value) {
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array(), 0, 4);
        return this;
    }

    public Torch7Writer writeLong(long value) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array(), 0, 8);
        return this;
    }

    public Torch7Writer writeDouble(double value) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array(), 0, 8);
        return this;
    }

    public Torch7Writer writeString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        writeInt(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public Torch7Writer writeBytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }
}
