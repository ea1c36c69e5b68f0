package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantsTest {
    private static final int CONSTANTS = 200;
    private static final int VALUES = 4096;

    @Test
    void holdsTheNumberInTheTypeOfItsArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray single = manager.zeros(new Shape(2), DataType.FLOAT32);
            NDArray twice = manager.zeros(new Shape(2), DataType.FLOAT64);
            NDArray third = Constants.scalar(single, 1.0 / 3);
            assertThat(third.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(third.getShape()).isEqualTo(new Shape());
            assertThat(third.getFloat()).isEqualTo((float) (1.0 / 3));
            NDArray exact = Constants.scalar(twice, 1.0 / 3);
            assertThat(exact.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(exact.getDouble()).isEqualTo(1.0 / 3);
            NDArray column = Constants.vector(twice, new float[] {0.485f, 0.456f, 0.406f});
            assertThat(column.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(column.toDoubleArray()).containsExactly(0.485f, 0.456f, 0.406f);
            assertThat(Constants.times(single.add(1), 3).toFloatArray()).containsExactly(3f, 3f);
        }
    }

    /**
     * The constants a loss keeps for its backward pass must not live in memory the garbage collector
     * frees: when they did (DJL's {@code toType(type, true)} on a borrowed tensor is that tensor), a
     * collection followed by new allocations of the same size overwrote them, and training's
     * gradients came out NaN.
     */
    @Test
    void keepsItsValuesAfterCollectionsAndNewAllocations() throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray like = manager.zeros(new Shape(1), DataType.FLOAT32);
            List<NDArray> vectors = new ArrayList<>();
            List<NDArray> scalars = new ArrayList<>();
            for (int i = 0; i < CONSTANTS; i++) {
                vectors.add(Constants.vector(like, filled(i)));
                scalars.add(Constants.scalar(like, i));
            }
            List<ByteBuffer> reused = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                System.gc();
                Thread.sleep(20);
                for (int i = 0; i < CONSTANTS; i++) {
                    reused.add(nan(VALUES));
                    reused.add(nan(1));
                }
            }
            for (int i = 0; i < CONSTANTS; i++) {
                assertThat(differing(vectors.get(i).toFloatArray(), i)).as("values of vector %d overwritten", i)
                        .isZero();
                assertThat(scalars.get(i).getFloat()).as("scalar %d", i).isEqualTo(i);
            }
            assertThat(reused).hasSize(10 * CONSTANTS);
        }
    }

    private static int differing(float[] values, float expected) {
        int count = 0;
        for (float value : values) {
            if (value != expected) {
                count++;
            }
        }
        return count;
    }

    private static float[] filled(int value) {
        float[] values = new float[VALUES];
        Arrays.fill(values, value);
        return values;
    }

    private static ByteBuffer nan(int count) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < count; i++) {
            buffer.putFloat(i * Float.BYTES, Float.NaN);
        }
        return buffer;
    }
}
