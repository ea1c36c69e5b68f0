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
    void mapsVaryScaleAndShiftPerPixelWithTheWholeImagesStatistics() {
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray scale = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray shift = manager.create(new float[] {0, 0, -1, 1}, new Shape(1, 1, 2, 2));

        float[] output = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(scale, shift), EPSILON)
                .toFloatArray();

        double deviation = Math.sqrt(1.25 + EPSILON);
        double[] gamma = {1, 2, 3, 4};
        double[] beta = {0, 0, -1, 1};
        for (int i = 0; i < 4; i++) {
            assertThat(output[i]).isCloseTo((float) ((i + 1 - 2.5) / deviation * gamma[i] + beta[i]), within(1e-5f));
        }
        // Uniform maps equal the vectors.
        NDArray uniform = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(
                manager.full(new Shape(1, 1, 2, 2), 3f), manager.full(new Shape(1, 1, 2, 2), -2f)), EPSILON);
        NDArray vectors = ConditionalInstanceNorm.apply(input, new ConditionalInstanceNorm.Affine(
                manager.create(new float[] {3}), manager.create(new float[] {-2})), EPSILON);
        assertThat(uniform.toFloatArray()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : 1)
                .containsExactly(vectors.toFloatArray());
    }
}
