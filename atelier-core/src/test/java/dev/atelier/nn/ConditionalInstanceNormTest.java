package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conditional instance normalisation against written-out arithmetic. */
class ConditionalInstanceNormTest {
    private static final double EPSILON = 1e-5;

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void parametersAreAnAffineMapOfTheEmbedding() {
        // Two embeddings of length 3, two channels: gamma_c = sum_e S_e W[e][c] + b_c.
        NDArray embeddings = manager.create(new float[] {1, 2, 3, -1, 0, 2}, new Shape(2, 3));
        NDArray weight = manager.create(new float[] {1, 0, 0, 1, 2, -1}, new Shape(3, 2));
        NDArray bias = manager.create(new float[] {0.5f, -0.5f});

        NDArray parameters = ConditionalInstanceNorm.parameters(embeddings, weight, bias);

        // Row 1: (1 + 0 + 6 + 0.5, 0 + 2 - 3 - 0.5) = (7.5, -1.5); row 2: (-1 + 4 + 0.5, -2 - 0.5).
        assertThat(parameters.getShape()).isEqualTo(new Shape(2, 2));
        assertThat(parameters.toFloatArray()).containsExactly(7.5f, -1.5f, 3.5f, -2.5f);
    }

    @Test
    void vectorsNormaliseEachChannelByItsPopulationStatistics() {
        // Channel 0: [1, 2, 3, 4], mean 2.5, population variance 1.25; channel 1: [10, 10, 10, 14],
        // mean 11, variance 3. y = (x - mean) / sqrt(var + eps) * gamma + beta.
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, new Shape(1, 2, 2, 2));
        NDArray scale = manager.create(new float[] {2, -1});
        NDArray shift = manager.create(new float[] {1, 0.5f});

        float[] output = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(scale, shift), EPSILON)
                .toFloatArray();

        double[] first = {1, 2, 3, 4};
        double[] second = {10, 10, 10, 14};
        for (int i = 0; i < 4; i++) {
            assertThat(output[i]).isCloseTo((float) ((first[i] - 2.5) / Math.sqrt(1.25 + EPSILON) * 2 + 1),
                    within(1e-5f));
            assertThat(output[4 + i]).isCloseTo((float) ((second[i] - 11) / Math.sqrt(3 + EPSILON) * -1 + 0.5),
                    within(1e-5f));
        }
    }

    @Test
    void regionsAreNormalisedByTheirOwnWeightedStatisticsAndBlended() {
        // One channel [1, 2, 3, 4]; region 0 weighs the pixels (1, 1, 0.5, 0), region 1 the rest
        // (0, 0, 0.5, 1). Region 0: total 2.5, mean (1 + 2 + 1.5) / 2.5 = 1.8, variance
        // (0.64 + 0.04 + 0.5 * 1.44) / 2.5 = 0.56; region 1: total 1.5, mean (1.5 + 4) / 1.5 = 11/3,
        // variance (0.5 * (3 - 11/3)^2 + (4 - 11/3)^2) / 1.5 = (2/9 + 1/9) / 1.5 = 2/9.
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray regions = manager.create(new float[] {1, 1, 0.5f, 0, 0, 0, 0.5f, 1}, new Shape(2, 4));
        NDArray scales = manager.create(new float[] {2, -1}, new Shape(2, 1));
        NDArray shifts = manager.create(new float[] {0.5f, 3}, new Shape(2, 1));

        float[] output = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(scales, shifts,
                regions), EPSILON).toFloatArray();

        double[] x = {1, 2, 3, 4};
        double[][] weights = {{1, 1, 0.5, 0}, {0, 0, 0.5, 1}};
        double[] means = {1.8, 11.0 / 3};
        double[] variances = {0.56, 2.0 / 9};
        double[] gamma = {2, -1};
        double[] beta = {0.5, 3};
        for (int p = 0; p < 4; p++) {
            double expected = 0;
            for (int k = 0; k < 2; k++) {
                expected += weights[k][p] * ((x[p] - means[k]) / Math.sqrt(variances[k] + EPSILON) * gamma[k] + beta[k]);
            }
            assertThat(output[p]).as("pixel " + p).isCloseTo((float) expected, within(1e-5f));
        }
    }

    @Test
    void uniformRegionsAreThePlainNormWithBlendedParametersAndEmptyRegionsCountForNothing() {
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, new Shape(1, 2, 2, 2));
        // Weights 0.25 and 0.75 everywhere, and a third region that is nowhere.
        NDArray regions = manager.create(new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f, 0.75f, 0, 0, 0,
                0}, new Shape(3, 4));
        NDArray scales = manager.create(new float[] {2, 1, -2, 3, 100, 100}, new Shape(3, 2));
        NDArray shifts = manager.create(new float[] {1, 0, 5, 4, -100, 100}, new Shape(3, 2));

        NDArray regional = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(scales, shifts,
                regions), EPSILON);
        // Blended: scale (0.25 * 2 + 0.75 * -2, 0.25 * 1 + 0.75 * 3) = (-1, 2.5), shift (4, 3).
        NDArray plain = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(
                manager.create(new float[] {-1, 2.5f}), manager.create(new float[] {4, 3})), EPSILON);

        float[] expected = plain.toFloatArray();
        float[] actual = regional.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }
}
