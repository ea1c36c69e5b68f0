package dev.atelier.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.testing.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loss values against hand-computed small cases, and their gradients against finite differences. */
class LossTermsTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Two channels over a 1 x 2 map: a = [1, 2], b = [3, 4]. */
    private NDArray features() {
        return manager.create(new double[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
    }

    /** Two channels [0, 1] and [1, 0]: Gram matrix is the identity. */
    private NDArray styleFeatures() {
        return manager.create(new double[] {0, 1, 1, 0}, new Shape(1, 2, 1, 2));
    }

    @Test
    void gramMatrixIsTheChannelInnerProducts() {
        // a·a = 5, a·b = 11, b·b = 25.
        assertThat(GramMatrix.of(features()).toDoubleArray()).containsExactly(5, 11, 11, 25);
        assertThat(GramMatrix.normalized(features()).toDoubleArray()).containsExactly(1.25, 2.75, 2.75, 6.25);
    }

    @Test
    void gramMatricesOfABatchAreComputedPerImage() {
        NDArray batch = manager.create(new double[] {1, 2, 3, 4, 0, 1, 1, 0}, new Shape(2, 2, 1, 2));
        assertThat(GramMatrix.of(batch).toDoubleArray()).containsExactly(5, 11, 11, 25, 1, 0, 0, 1);
    }

    @Test
    void contentLossIsTheMeanSquaredFeatureDifference() {
        // Differences 1, 1, 2, 4: (1 + 1 + 4 + 16) / 4.
        assertThat(ContentLoss.between(features(), styleFeatures()).getDouble()).isCloseTo(5.5, within(1e-12));
    }

    @Test
    void styleLossFollowsTheDocumentsFormula() {
        // G - I = [[4, 11], [11, 24]]: mean of squares 834 / 4 = 208.5; divided by C·H·W = 4: 52.125.
        NDArray target = GramMatrix.normalized(styleFeatures());
        assertThat(StyleLoss.layerLoss(features(), target, StyleLoss.Scaling.LAYER_SIZE).getDouble())
                .isCloseTo(52.125, within(1e-9));
        // Johnson's normalised Gram matrices: the same differences divided by 4, squared: 208.5 / 16.
        assertThat(StyleLoss.layerLoss(features(), target, StyleLoss.Scaling.NORMALIZED_GRAM).getDouble())
                .isCloseTo(13.03125, within(1e-9));
    }

    @Test
    void styleTermAppliesLayerWeightsAndSumsLayers() {
        NDArray target = GramMatrix.normalized(styleFeatures());
        try (StyleLoss loss = new StyleLoss(Map.of("conv1_1", target, "conv2_1", target),
                Map.of("conv1_1", 0.5, "conv2_1", 0.25), StyleLoss.Scaling.LAYER_SIZE, manager)) {
            NDArray value = loss.compute(Map.of("conv1_1", features(), "conv2_1", styleFeatures()), null);
            // conv2_1 matches its target exactly and adds nothing.
            assertThat(value.getDouble()).isCloseTo(0.5 * 52.125, within(1e-9));
        }
    }

    @Test
    void totalVariationSumsVerticalAndHorizontalMeans() {
        // [[1, 2], [4, 8]]: vertical 3, 6 -> 22.5; horizontal 1, 4 -> 8.5.
        NDArray image = manager.create(new double[] {1, 2, 4, 8}, new Shape(1, 1, 2, 2));
        assertThat(TotalVariationLoss.of(image).getDouble()).isCloseTo(31, within(1e-12));
    }

    @Test
    void totalVariationOfAFlatImageIsZero() {
        assertThat(TotalVariationLoss.of(manager.full(new Shape(1, 3, 5, 7), 0.3f)).getFloat()).isZero();
    }

    @Test
    void contentLossGradientMatchesFiniteDifferences() {
        NDArray target = manager.randomNormal(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> ContentLoss.between(x, target),
                manager.randomNormal(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64), 12, 1e-6, 3);
    }

    @Test
    void styleLossGradientMatchesFiniteDifferences() {
        NDArray target = GramMatrix.normalized(manager.randomNormal(0, 1, new Shape(1, 4, 3, 3), DataType.FLOAT64));
        for (StyleLoss.Scaling scaling : StyleLoss.Scaling.values()) {
            GradientCheck.assertGradientMatches(x -> StyleLoss.layerLoss(x, target, scaling),
                    manager.randomNormal(0, 1, new Shape(1, 4, 3, 3), DataType.FLOAT64), 12, 1e-5, 4);
        }
    }

    @Test
    void totalVariationGradientMatchesFiniteDifferences() {
        GradientCheck.assertGradientMatches(TotalVariationLoss::of,
                manager.randomNormal(0, 1, new Shape(1, 3, 5, 4), DataType.FLOAT64), 12, 1e-6, 5);
    }
}
