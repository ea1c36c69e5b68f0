package dev.atelier.weights.tflite;

import java.util.Arrays;

/**
 * One tensor of a TensorFlow Lite graph as the file describes it.
 *
 * @param index its position in the subgraph's tensor list (operators refer to tensors by index)
 * @param name the name TensorFlow gave it, e.g. {@code MobilenetV2/Conv/weights}
 * @param shape its static shape (empty for a scalar)
 * @param type its element type
 * @param quantization its scales and zero points, {@link Quantization#NONE}-like when absent
 * @param dataLength bytes of constant data the file holds for it; 0 for activations and inputs
 * @param bufferIndex the file's buffer that holds its data
 */
public record TfliteTensor(int index, String name, int[] shape, TensorType type, Quantization quantization,
        int dataLength, long bufferIndex) {
    public TfliteTensor {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The shape as longs, as DJL and {@link dev.atelier.weights.HostTensor} take them. */
    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** Whether the file holds a value for it (a weight or other constant). */
    public boolean isConstant() {
        return dataLength > 0;
    }

    /** Elements its shape holds. */
    public long elementCount() {
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    /** Shape as text, e.g. {@code [32, 3, 3, 3]}, for messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TfliteTensor that && index == that.index && name.equals(that.name)
                && Arrays.equals(shape, that.shape) && type == that.type && quantization.equals(that.quantization)
                && dataLength == that.dataLength && bufferIndex == that.bufferIndex;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }
}
