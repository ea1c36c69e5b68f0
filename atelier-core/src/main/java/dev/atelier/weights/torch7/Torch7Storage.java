package dev.atelier.weights.torch7;

import java.nio.ByteBuffer;

/**
 * A Torch7 storage: {@code count} elements of one type, left where they lie in the file (a
 * read-only view) until a tensor over them is copied out. The reader has checked that the
 * elements lie within the file.
 */
public final class Torch7Storage {
    private final StorageType type;
    private final long count;
    private final ByteBuffer file;
    private final int start;

    Torch7Storage(StorageType type, long count, ByteBuffer file, int start) {
        this.type = type;
        this.count = count;
        this.file = file;
        this.start = start;
    }

    public StorageType type() {
        return type;
    }

    /** Number of elements. */
    public long count() {
        return count;
    }

    /** Element {@code index} (0-based) as float32. */
    float value(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("element " + index + " of a storage of " + count);
        }
        return type.floatAt(file, start + (int) (index * type.byteSize()));
    }

    /** {@code length} consecutive elements from {@code first} into {@code target[offset…]}. */
    void copy(long first, float[] target, int offset, int length) {
        if (first < 0 || first + length > count) {
            throw new IndexOutOfBoundsException("elements " + first + "+" + length + " of a storage of " + count);
        }
        if (type == StorageType.FLOAT) {
            ByteBuffer view = file.duplicate().order(file.order());
            view.position(start + (int) (first * Float.BYTES));
            view.asFloatBuffer().get(target, offset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            target[offset + i] = value(first + i);
        }
    }
}
