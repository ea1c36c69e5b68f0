package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormStatisticsTest {
    /** One channel of 2 x 2 values 1, 2, 3, 6: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5. */
    @Test
    void recordsEachNormsMeanAndPopulationVariance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.create(new float[] {1, 2, 3, 6}, new Shape(1, 1, 2, 2));
            NormStatistics recording = NormStatistics.recording();
            NDArray normalized = recording.instanceNorm(input, manager.ones(new Shape(1)), manager.zeros(new Shape(1)),
                    0);

            NormStatistics.Moments moments = recording.recorded().get(0);
            assertThat(moments.mean()[0]).isCloseTo(3f, within(1e-6f));
            assertThat(moments.variance()[0]).isCloseTo(3.5f, within(1e-5f));
            assertThat(normalized.toFloatArray()[3]).isCloseTo((float) (3 / Math.sqrt(3.5)), within(1e-5f));
        }
    }

    /**
     * Given a whole picture's statistics, a window of it is normalised exactly as the same window of
     * the whole: what lets a network run tile by tile without tiles of different tones.
     */
    @Test
    void fixedStatisticsNormaliseAWindowAsTheWhole() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray whole = manager.randomNormal(2, 3, new Shape(1, 4, 12, 10), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray scale = manager.create(new float[] {1, 2, 0.5f, -1});
            NDArray shift = manager.create(new float[] {0, 1, -1, 3});
            NormStatistics recording = NormStatistics.recording();
            NDArray normalizedWhole = recording.instanceNorm(whole, scale, shift, 1e-5);
            List<NormStatistics.Moments> moments = recording.recorded();

            NDArray window = whole.get(":, :, 2:9, 3:8");
            float[] tiled = NormStatistics.fixed(moments).instanceNorm(window, scale, shift, 1e-5).toFloatArray();
            float[] expected = normalizedWhole.get(":, :, 2:9, 3:8").toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(tiled[i]).isCloseTo(expected[i], within(1e-4f));
            }
            // Its own statistics would normalise it differently.
            float[] own = NormStatistics.own().instanceNorm(window, scale, shift, 1e-5).toFloatArray();
            double difference = 0;
            for (int i = 0; i < expected.length; i++) {
                difference = Math.max(difference, Math.abs(own[i] - expected[i]));
            }
            assertThat(difference).isGreaterThan(0.01);
        }
    }
}
