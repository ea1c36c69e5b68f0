package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HostArraysTest {
    private static final int VALUES = 1 << 20;

    @Test
    void holdsTheValuesInTheShapeAsked() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = ramp(24);
            NDArray array = HostArrays.of(manager, values, new Shape(2, 3, 4));
            assertThat(array.getShape()).isEqualTo(new Shape(2, 3, 4));
            assertThat(array.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(array.toFloatArray()).containsExactly(values);
            values[0] = 99;
            assertThat(array.getFloat(0, 0, 0)).as("a copy, not a view of the Java array").isEqualTo(0f);
        }
    }

    @Test
    void holdsIndicesAsInt64() {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] values = {0, 7, -3, 1L << 40, 5, 6};
            NDArray array = HostArrays.of(manager, values, new Shape(2, 3));
            assertThat(array.getDataType()).isEqualTo(DataType.INT64);
            assertThat(array.toLongArray()).containsExactly(values);
            assertThatThrownBy(() -> HostArrays.of(manager, values, new Shape(4)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keepsNoDirectBufferWhileTheArrayLivesWhereTheEnginesOwnCreationDoes() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long bytes = (long) VALUES * Float.BYTES;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = ramp(VALUES);
            long before = direct.getMemoryUsed();
            NDArray engines = manager.create(values, new Shape(VALUES));
            // The check could fail: DJL's own creation wraps a direct buffer only a collection frees.
            assertThat(direct.getMemoryUsed() - before).isGreaterThanOrEqualTo(bytes);

            long beforeOurs = direct.getMemoryUsed();
            NDArray ours = HostArrays.of(manager, values, new Shape(VALUES));
            assertThat(direct.getMemoryUsed() - beforeOurs).isLessThan(bytes);

            // The freed buffer's memory taken again and overwritten leaves ours unchanged.
            NDArray other = HostArrays.of(manager, new float[VALUES], new Shape(VALUES));
            // isEqualTo compares arrays element by element (containsExactly searches: quadratic here).
            assertThat(ours.toFloatArray()).isEqualTo(values);
            assertThat(other.sum().getFloat()).isZero();
            assertThat(engines.sub(ours).abs().max().getFloat()).isZero();
        }
    }

    @Test
    void refusesValuesThatDoNotFillTheShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> HostArrays.of(manager, new float[5], new Shape(2, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("5 values for shape (2, 3)");
        }
    }

    private static float[] ramp(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = i % 1000;
        }
        return values;
    }
}
