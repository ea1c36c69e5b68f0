package dev.atelier.weights.torch7;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Torch7 tensor: sizes, strides (in elements) and a 0-based offset into a storage, as {@code
 * torch.FloatTensor} and its kin serialise them (the file stores the offset 1-based). The reader
 * has checked that every element it addresses lies within its storage.
 *
 * @param storage {@code null} for an empty tensor (Torch7 writes none)
 */
public record Torch7Tensor(StorageType type, long[] sizes, long[] strides, long offset, Torch7Storage storage) {

    /** Largest tensor copied into one Java array. */
    static final long MAXIMUM_ELEMENTS = Integer.MAX_VALUE - 8;

    public Torch7Tensor {
        sizes = sizes.clone();
        strides = strides.clone();
    }

    @Override
    public long[] sizes() {
        return sizes.clone();
    }

    @Override
    public long[] strides() {
        return strides.clone();
    }

    /** Elements the tensor holds: the product of its sizes, 0 for a tensor without dimensions. */
    public long elementCount() {
        if (sizes.length == 0 || storage == null) {
            return 0;
        }
        long count = 1;
        for (long size : sizes) {
            count = Math.multiplyExact(count, size);
        }
        return count;
    }

    /** The sizes as text, e.g. {@code [64, 3, 3, 3]}. */
    public String shapeText() {
        return Arrays.toString(sizes);
    }

    /**
     * The elements copied in row-major order as float32, with the tensor's sizes as shape (an empty
     * tensor gives shape {@code [0]}).
     *
     * @throws BadInputException when the tensor has more elements than its storage (an expanded
     *     view, which no weight is) or more than one array holds
     */
    public HostTensor toHost(Path file) {
        long count = elementCount();
        if (count == 0) {
            return new HostTensor(sizes.length == 0 || storage == null ? new long[] {0} : sizes.clone(), new float[0]);
        }
        if (count > storage.count()) {
            throw new BadInputException(file, "a " + shapeText() + " tensor views only " + storage.count()
                    + " stored elements (an expanded view, not a weight)");
        }
        if (count > MAXIMUM_ELEMENTS) {
            throw new BadInputException(file, "a " + shapeText() + " tensor is too large to read");
        }
        float[] values = new float[(int) count];
        int dimensions = sizes.length;
        long rowLength = sizes[dimensions - 1];
        long rowStride = strides[dimensions - 1];
        long[] index = new long[dimensions];
        int filled = 0;
        while (filled < values.length) {
            long first = offset;
            for (int d = 0; d < dimensions - 1; d++) {
                first += index[d] * strides[d];
            }
            if (rowStride == 1) {
                storage.copy(first, values, filled, (int) rowLength);
            } else {
                for (long i = 0; i < rowLength; i++) {
                    values[filled + (int) i] = storage.value(first + i * rowStride);
                }
            }
            filled += (int) rowLength;
            for (int d = dimensions - 2; d >= 0; d--) {
                if (++index[d] < sizes[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new HostTensor(sizes.clone(), values);
    }
}
