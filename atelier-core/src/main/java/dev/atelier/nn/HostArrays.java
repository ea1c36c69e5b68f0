package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NDArrays made from Java arrays whose memory is freed when the array is closed, not when the
 * garbage collector gets round to it.
 *
 * <p>DJL's PyTorch engine makes a CPU tensor from Java data by copying it into a direct
 * {@link ByteBuffer} and wrapping that buffer ({@code torch::from_blob}): the tensor's memory is
 * the buffer's, which only a garbage collection of the buffer object frees, whatever happens to the
 * tensor. A picture that outlives a young collection (a clip's previous frame does) is promoted, and
 * its few megabytes then wait for an old-generation collection, which a process with a mostly idle
 * heap may not run for hundreds of frames: a 1,000-frame clip held more native memory than a
 * 100-frame one (BENCHMARKS.md, "Memory over a clip"). Here the data is copied into a buffer we
 * allocate, the tensor is cloned into memory PyTorch owns, and the buffer is released at once.
 */
public final class HostArrays {
    private static final Releaser RELEASER = Releaser.find();

    private HostArrays() {}

    /**
     * A float32 array of {@code shape} holding {@code values}, attached to {@code manager}, in memory
     * the engine owns and frees when the array is closed.
     */
    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        ByteBuffer buffer = buffer(values.length, Float.BYTES, shape);
        buffer.asFloatBuffer().put(values);
        return owned(manager, buffer, shape, DataType.FLOAT32);
    }

    /** As {@link #of(NDManager, float[], Shape)}, a float64 array. */
    public static NDArray of(NDManager manager, double[] values, Shape shape) {
        ByteBuffer buffer = buffer(values.length, Double.BYTES, shape);
        buffer.asDoubleBuffer().put(values);
        return owned(manager, buffer, shape, DataType.FLOAT64);
    }

    /** As {@link #of(NDManager, float[], Shape)}, an int64 array (indices). */
    public static NDArray of(NDManager manager, long[] values, Shape shape) {
        ByteBuffer buffer = buffer(values.length, Long.BYTES, shape);
        buffer.asLongBuffer().put(values);
        return owned(manager, buffer, shape, DataType.INT64);
    }

    /** A native-order direct buffer for {@code count} values of {@code bytes} each, which must fill {@code shape}. */
    private static ByteBuffer buffer(int count, int bytes, Shape shape) {
        if (shape.size() != count) {
            throw new IllegalArgumentException(count + " values for shape " + shape);
        }
        return ByteBuffer.allocateDirect(Math.multiplyExact(count, bytes)).order(ByteOrder.nativeOrder());
    }

    private static NDArray owned(NDManager manager, ByteBuffer buffer, Shape shape, DataType type) {
        NDArray shared = manager.create(buffer, shape, type);
        NDArray owned;
        try {
            // On a GPU the engine copies at creation and keeps no reference; on the CPU it wraps the
            // buffer, so the clone is what lets the buffer go now.
            owned = manager.getDevice().isGpu() ? shared : shared.duplicate();
        } finally {
            if (!manager.getDevice().isGpu()) {
                shared.close();
            }
        }
        RELEASER.release(buffer);
        return owned;
    }

    /** Frees a direct buffer's memory now, through the JDK's {@code Unsafe.invokeCleaner}, where it exists. */
    private record Releaser(Object unsafe, java.lang.reflect.Method invokeCleaner) {
        static Releaser find() {
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field field = type.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                return new Releaser(field.get(null), type.getMethod("invokeCleaner", ByteBuffer.class));
            } catch (ReflectiveOperationException | RuntimeException unavailable) {
                // Another JVM: the buffer is freed by the garbage collector, as DJL's own buffers are.
                return new Releaser(null, null);
            }
        }

        void release(ByteBuffer buffer) {
            if (invokeCleaner == null) {
                return;
            }
            try {
                invokeCleaner.invoke(unsafe, buffer);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // Left to the garbage collector, as without this class.
            }
        }
    }
}
