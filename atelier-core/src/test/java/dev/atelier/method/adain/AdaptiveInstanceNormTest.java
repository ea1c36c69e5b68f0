package dev.atelier.method.adain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveInstanceNormTest {

    @Test
    void outputHasTheStyleChannelStatisticsExactlyUpToEpsilon() {
        int batch = 2;
        int channels = 4;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] content = features(batch, channels, 5 * 7, 1);
            float[] style = features(batch, channels, 6 * 3, 2);
            float[] output = AdaptiveInstanceNorm.apply(manager.create(content, new Shape(batch, channels, 5, 7)),
                    manager.create(style, new Shape(batch, channels, 6, 3))).toFloatArray();

            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < channels; c++) {
                    int plane = n * channels + c;
                    double[] wanted = meanAndDeviation(style, plane, 18);
                    double[] got = meanAndDeviation(output, plane, 35);
                    assertThat(got[0]).as("mean of image %d channel %d", n, c).isCloseTo(wanted[0], within(1e-4));
                    // ε = 1e-5 is added to both variances; with variances of order 1-100 it moves σ by < 1e-5 relative.
                    assertThat(got[1]).as("deviation of image %d channel %d", n, c)
                            .isCloseTo(wanted[1], within(2e-5 * wanted[1] + 1e-5));
                }
            }
        }
    }

    @Test
    void matchesThePaperFormulaOnAHandComputedCase() {
        // Content 1, 2, 3, 4: μ = 2.5, unbiased σ² = 5/3. Style 10, 14, 10, 14: μ = 12, σ² = 16/3.
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray content = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray style = manager.create(new float[] {10, 14, 10, 14}, new Shape(1, 1, 1, 4));

            float[] output = AdaptiveInstanceNorm.apply(content, style).toFloatArray();

            double contentDeviation = Math.sqrt(5.0 / 3 + 1e-5);
            double styleDeviation = Math.sqrt(16.0 / 3 + 1e-5);
            for (int i = 0; i < 4; i++) {
                double expected = styleDeviation * (i + 1 - 2.5) / contentDeviation + 12;
                assertThat((double) output[i]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void regionalVersionGivesTheMaskedPositionsTheStyleStatistics() {
        // Left half of a 4x6 map selected: those 12 positions alone are normalised to the style.
        float[] content = features(1, 3, 24, 3);
        float[] mask = new float[24];
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 3; column++) {
                mask[row * 6 + column] = 1;
            }
        }
        float[] styleMean = {1, -2, 0.5f};
        float[] styleDeviation = {0.5f, 3, 2};
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] output = AdaptiveInstanceNorm.normalizeRegion(manager.create(content, new Shape(1, 3, 4, 6)),
                    manager.create(mask, new Shape(1, 1, 4, 6)), manager.create(styleMean, new Shape(1, 3, 1, 1)),
                    manager.create(styleDeviation, new Shape(1, 3, 1, 1))).toFloatArray();

            for (int c = 0; c < 3; c++) {
                float[] selected = new float[12];
                int count = 0;
                for (int i = 0; i < 24; i++) {
                    if (mask[i] == 1) {
                        selected[count++] = output[c * 24 + i];
                    }
                }
                double[] got = meanAndDeviation(selected, 0, 12);
                assertThat(got[0]).isCloseTo(styleMean[c], within(1e-4));
                assertThat(got[1]).isCloseTo(styleDeviation[c], within(1e-3 * styleDeviation[c]));
            }
        }
    }

    /** Planes with a different offset and scale each, so statistics differ per channel. */
    private static float[] features(int batch, int channels, int positions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * channels * positions];
        for (int plane = 0; plane < batch * channels; plane++) {
            double offset = random.nextDouble(-5, 5);
            double scale = random.nextDouble(1, 10);
            for (int i = 0; i < positions; i++) {
                values[plane * positions + i] = (float) (offset + scale * random.nextGaussian());
            }
        }
        return values;
    }

    /** Mean and unbiased standard deviation of one plane, computed independently of the code under test. */
    private static double[] meanAndDeviation(float[] values, int plane, int positions) {
        double sum = 0;
        for (int i = 0; i < positions; i++) {
            sum += values[plane * positions + i];
        }
        double mean = sum / positions;
        double squares = 0;
        for (int i = 0; i < positions; i++) {
            double difference = values[plane * positions + i] - mean;
            squares += difference * difference;
        }
        return new double[] {mean, Math.sqrt(squares / (positions - 1))};
    }
}
