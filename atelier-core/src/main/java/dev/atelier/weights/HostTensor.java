package dev.atelier.weights;

import java.util.Arrays;

/**
 * A float32 tensor held in Java memory, as read from or written to a weights file. Row-major
 * (C order); {@code values.length} equals the product of {@code shape}.
 */
public record HostTensor(long[] shape, float[] values) {

    public HostTensor {
        long count = elementCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + count + " values, got " + values.length);
        }
    }

    /** Number of elements a tensor of this shape holds. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Shape as text, e.g. {@code [64, 3, 3, 3]}, for messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }
}
