package dev.atelier.weights.tflite;

import dev.atelier.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds-checked reading of a FlatBuffers binary (little-endian), the container of TensorFlow Lite
 * files. Every position taken from the file is checked against its length before it is read, so a
 * truncated or altered file ends in a one-line {@link BadInputException}, never in an index error.
 *
 * <p>Layout reminders: a table starts with a signed 32-bit offset back to its vtable; the vtable
 * holds its own length, the table's length, then one 16-bit offset per field (0: absent, use the
 * default). Reference fields (tables, vectors, strings) hold an unsigned 32-bit offset relative to
 * the field itself; a vector starts with its 32-bit element count.
 *
 * <p>Offsets may point many times at the same bytes (a crafted file can list one tensor, with one long
 * name, a hundred thousand times), so what the reader builds is bounded apart from the positions:
 * every table, vector and string taken out of the file is charged its size, and once the charges pass
 * {@value #OBJECT_BYTES_PER_BYTE} bytes per byte of the file (beyond a fixed allowance) the file is refused.
 */
final class FlatBuffer {
    /** Bytes of objects (tables read, vectors and strings copied out, weights widened) per byte of file. */
    static final long OBJECT_BYTES_PER_BYTE = 8;
    /** What any file may build regardless of its length. */
    static final long BASE_ALLOWANCE = 1 << 20;
    /** Charged per table read: the object that describes it. */
    private static final long TABLE_BYTES = 64;

    private final Path file;
    private final ByteBuffer bytes;
    private final long allowance;
    private long charged;

    FlatBuffer(Path file, byte[] data) {
        this.file = file;
        this.bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.allowance = BASE_ALLOWANCE + OBJECT_BYTES_PER_BYTE * data.length;
    }

    /**
     * Counts {@code count} bytes of what the reader builds against the file's allowance.
     *
     * @throws BadInputException once the file has made the reader build more than its size justifies
     */
    void charge(long count) {
        charged += count;
        if (charged > allowance) {
            throw new BadInputException(file, "damaged TensorFlow Lite file: its tables and vectors refer to the "
                    + "same bytes so often that reading them would build more than " + allowance + " bytes from a "
                    + length() + "-byte file");
        }
    }

    Path file() {
        return file;
    }

    int length() {
        return bytes.capacity();
    }

    /** The root table, whose offset is the file's first four bytes. */
    Table root(String what) {
        return tableAt(uint32(0, "the root table offset"), what);
    }

    /** {@code count} bytes at {@code position}, which must lie inside the file. */
    ByteBuffer slice(long position, long count, String what) {
        require(position, count, what);
        return bytes.slice((int) position, (int) count).order(ByteOrder.LITTLE_ENDIAN);
    }

    BadInputException damaged(String problem) {
        return new BadInputException(file, "damaged TensorFlow Lite file: " + problem);
    }

    private Table tableAt(long position, String what) {
        charge(TABLE_BYTES);
        require(position, 4, what);
        long vtable = position - bytes.getInt((int) position);
        require(vtable, 4, "the field table of " + what);
        int vtableLength = uint16(vtable);
        int tableLength = uint16(vtable + 2);
        if (vtableLength < 4 || vtableLength % 2 != 0 || tableLength < 4) {
            throw damaged("the field table of " + what + " has impossible lengths " + vtableLength + " and "
                    + tableLength);
        }
        require(vtable, vtableLength, "the field table of " + what);
        require(position, tableLength, what);
        return new Table(position, vtable, vtableLength, tableLength, what);
    }

    private int uint16(long position) {
        return bytes.getShort((int) position) & 0xffff;
    }

    private long uint32(long position, String what) {
        require(position, 4, what);
        return bytes.getInt((int) position) & 0xffffffffL;
    }

    private void require(long position, long count, String what) {
        if (position < 0 || count < 0 || position > length() - count) {
            throw new BadInputException(file, "truncated or damaged TensorFlow Lite file: " + what
                    + " (bytes " + position + " to " + (position + count) + ") lies outside the file's "
                    + length() + " bytes");
        }
    }

    /** A vector's first element and element count. */
    record Vector(long start, int count) {}

    /** One table of the file: its fields by vtable slot. */
    final class Table {
        private final long position;
        private final long vtable;
        private final int vtableLength;
        private final int tableLength;
        private final String what;

        private Table(long position, long vtable, int vtableLength, int tableLength, String what) {
            this.position = position;
            this.vtable = vtable;
            this.vtableLength = vtableLength;
            this.tableLength = tableLength;
            this.what = what;
        }

        String what() {
            return what;
        }

        /** Whether field {@code slot} is present (not left at its default). */
        boolean has(int slot) {
            return fieldOffset(slot, 0) != 0;
        }

        /** A signed byte field, or {@code fallback} when absent. */
        int int8(int slot, int fallback) {
            int offset = fieldOffset(slot, 1);
            return offset == 0 ? fallback : bytes.get((int) (position + offset));
        }

        /** An unsigned byte field. */
        int uint8(int slot, int fallback) {
            int offset = fieldOffset(slot, 1);
            return offset == 0 ? fallback : bytes.get((int) (position + offset)) & 0xff;
        }

        int int32(int slot, int fallback) {
            int offset = fieldOffset(slot, 4);
            return offset == 0 ? fallback : bytes.getInt((int) (position + offset));
        }

        long uint32(int slot, long fallback) {
            int offset = fieldOffset(slot, 4);
            return offset == 0 ? fallback : bytes.getInt((int) (position + offset)) & 0xffffffffL;
        }

        long int64(int slot, long fallback) {
            int offset = fieldOffset(slot, 8);
            return offset == 0 ? fallback : bytes.getLong((int) (position + offset));
        }

        /** A sub-table, or {@code null} when absent. */
        Table table(int slot, String name) {
            long target = reference(slot, name);
            return target < 0 ? null : tableAt(target, name);
        }

        /** A vector of {@code elementSize}-byte elements, or {@code null} when absent. */
        Vector vector(int slot, int elementSize, String name) {
            long target = reference(slot, name);
            if (target < 0) {
                return null;
            }
            long count = FlatBuffer.this.uint32(target, "the length of " + name);
            require(target + 4, count * elementSize, name + " (" + count + " elements)");
            // Whatever the caller does with the elements, it holds at least a reference or a value for each.
            charge(16 + count * Math.max(elementSize, 4));
            return new Vector(target + 4, (int) count);
        }

        /** A vector of tables; empty when absent. */
        List<Table> tables(int slot, String name) {
            Vector vector = vector(slot, 4, name);
            List<Table> tables = new ArrayList<>();
            if (vector == null) {
                return tables;
            }
            for (int i = 0; i < vector.count(); i++) {
                long element = vector.start() + 4L * i;
                tables.add(tableAt(element + FlatBuffer.this.uint32(element, name), name + " " + i));
            }
            return tables;
        }

        /** A vector of int32; {@code null} when absent. */
        int[] int32s(int slot, String name) {
            Vector vector = vector(slot, 4, name);
            if (vector == null) {
                return null;
            }
            int[] values = new int[vector.count()];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getInt((int) (vector.start() + 4L * i));
            }
            return values;
        }

        /** A vector of int64; {@code null} when absent. */
        long[] int64s(int slot, String name) {
            Vector vector = vector(slot, 8, name);
            if (vector == null) {
                return null;
            }
            long[] values = new long[vector.count()];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getLong((int) (vector.start() + 8L * i));
            }
            return values;
        }

        /** A vector of float32; {@code null} when absent. */
        float[] float32s(int slot, String name) {
            Vector vector = vector(slot, 4, name);
            if (vector == null) {
                return null;
            }
            float[] values = new float[vector.count()];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getFloat((int) (vector.start() + 4L * i));
            }
            return values;
        }

        /** A string (UTF-8 bytes vector); {@code null} when absent. */
        String string(int slot, String name) {
            Vector vector = vector(slot, 1, name);
            if (vector == null) {
                return null;
            }
            // The bytes are charged with the vector; the string made of them is twice as large.
            charge(2L * vector.count());
            byte[] text = new byte[vector.count()];
            bytes.get((int) vector.start(), text);
            return new String(text, StandardCharsets.UTF_8);
        }

        /** The absolute position a reference field points at, or -1 when absent. */
        private long reference(int slot, String name) {
            int offset = fieldOffset(slot, 4);
            if (offset == 0) {
                return -1;
            }
            long field = position + offset;
            return field + FlatBuffer.this.uint32(field, "the offset of " + name);
        }

        /** The field's offset inside the table (0 when absent), checked to leave {@code size} bytes. */
        private int fieldOffset(int slot, int size) {
            int entry = 4 + 2 * slot;
            if (entry + 2 > vtableLength) {
                return 0;
            }
            int offset = uint16(vtable + entry);
            if (offset != 0 && (offset < 4 || offset + size > tableLength)) {
                throw damaged("field " + slot + " of " + what + " lies outside its table");
            }
            return offset;
        }
    }
}
