package dev.atelier.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A torch storage for the test writers: its pickled class name ({@code FloatStorage}...), element
 * size and little-endian element bytes.
 */
record TorchStorage(String className, int elementSize, byte[] bytes) {

    long elementCount() {
        return bytes.length / elementSize;
    }

    /** The elements in {@code order}, as a big-endian machine would have written them. */
    byte[] bytes(ByteOrder order) {
        if (order == ByteOrder.LITTLE_ENDIAN) {
            return bytes.clone();
        }
        byte[] swapped = new byte[bytes.length];
        for (int element = 0; element < bytes.length; element += elementSize) {
            for (int i = 0; i < elementSize; i++) {
                swapped[element + i] = bytes[element + elementSize - 1 - i];
            }
        }
        return swapped;
    }

    static TorchStorage floats(float... values) {
        ByteBuffer buffer = buffer(values.length * 4);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return new TorchStorage("FloatStorage", 4, buffer.array());
    }

    static TorchStorage doubles(double... values) {
        ByteBuffer buffer = buffer(values.length * 8);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return new TorchStorage("DoubleStorage", 8, buffer.array());
    }

    static TorchStorage longs(long... values) {
        ByteBuffer buffer = buffer(values.length * 8);
        for (long value : values) {
            buffer.putLong(value);
        }
        return new TorchStorage("LongStorage", 8, buffer.array());
    }

    /** float16 elements given as their IEEE bit patterns. */
    static TorchStorage halves(int... bits) {
        return new TorchStorage("HalfStorage", 2, shorts(bits));
    }

    /** bfloat16 elements given as their bit patterns. */
    static TorchStorage bfloat16s(int... bits) {
        return new TorchStorage("BFloat16Storage", 2, shorts(bits));
    }

    private static byte[] shorts(int... bits) {
        ByteBuffer buffer = buffer(bits.length * 2);
        for (int value : bits) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
