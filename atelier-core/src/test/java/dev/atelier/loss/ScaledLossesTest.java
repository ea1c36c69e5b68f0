package dev.atelier.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.testing.GradientCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relative (scale-free) terms, guided Gram matrices and blended targets, against hand-computed cases. */
class ScaledLossesTest {
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
    void relativeContentLossIsTheMeanSquaredDifferenceOverThePhotosVariation() {
        // Differences 1, 1, 2, 4: mean 5.5; the target's channels [0, 1] and [1, 0] vary by ±0.5
        // about their means: mean square 0.25.
        try (ContentLoss loss = new ContentLoss(Map.of("conv4_1", styleFeatures()), ContentLoss.Scaling.RELATIVE,
                manager)) {
            assertThat(loss.compute(Map.of("conv4_1", features()), null).getDouble()).isCloseTo(22, within(1e-12));
        }
    }

    @Test
    void aFlatPhotoIsMeasuredByAThousandthOfItsMagnitude() {
        NDArray flat = manager.create(new double[] {2, 2, 2, 2}, new Shape(1, 2, 1, 2));
        // Differences from [1, 2, 3, 4]: 1, 0, 1, 4 → mean 1.5; raw mean square 4, so the divisor is 0.004.
        try (ContentLoss loss = new ContentLoss(Map.of("l", flat), ContentLoss.Scaling.RELATIVE, manager)) {
            assertThat(loss.compute(Map.of("l", features()), null).getDouble()).isCloseTo(375, within(1e-9));
        }
    }

    @Test
    void relativeStyleLossIsTheGramDistanceOverTheTargetsMeanSquare() {
        // Normalised Gram distance 13.03125 (LossTermsTest); the target I/4 has mean square 0.125 / 4.
        NDArray target = GramMatrix.normalized(styleFeatures());
        assertThat(StyleLoss.layerLoss(features(), target, StyleLoss.Scaling.RELATIVE).getDouble())
                .isCloseTo(417, within(1e-9));
    }

    @Test
    void relativeTermsDoNotChangeWhenFeaturesAreScaled() {
        NDArray image = manager.randomNormal(0, 1, new Shape(1, 4, 3, 5), DataType.FLOAT64).abs();
        NDArray photo = manager.randomNormal(0, 1, new Shape(1, 4, 3, 5), DataType.FLOAT64).abs();
        NDArray painting = manager.randomNormal(0, 1, new Shape(1, 4, 6, 2), DataType.FLOAT64).abs();
        double scale = 37;
        double style = StyleLoss.layerLoss(image, GramMatrix.normalized(painting), StyleLoss.Scaling.RELATIVE)
                .getDouble();
        double scaledStyle = StyleLoss.layerLoss(image.mul(scale), GramMatrix.normalized(painting.mul(scale)),
                StyleLoss.Scaling.RELATIVE).getDouble();
        assertThat(scaledStyle).isCloseTo(style, within(1e-9 * style));
        try (ContentLoss plain = new ContentLoss(Map.of("l", photo), ContentLoss.Scaling.RELATIVE, manager);
                ContentLoss scaled = new ContentLoss(Map.of("l", photo.mul(scale)), ContentLoss.Scaling.RELATIVE,
                        manager)) {
            double content = plain.compute(Map.of("l", image), null).getDouble();
            assertThat(scaled.compute(Map.of("l", image.mul(scale)), null).getDouble())
                    .isCloseTo(content, within(1e-9 * content));
        }
        // The documents' style term grows with the fourth power of the scale: it is not scale-free.
        double documents = StyleLoss.layerLoss(image, GramMatrix.normalized(painting), StyleLoss.Scaling.LAYER_SIZE)
                .getDouble();
        assertThat(StyleLoss.layerLoss(image.mul(scale), GramMatrix.normalized(painting.mul(scale)),
                StyleLoss.Scaling.LAYER_SIZE).getDouble()).isCloseTo(documents * Math.pow(scale, 4),
                within(1e-6 * documents * Math.pow(scale, 4)));
    }

    @Test
    void blendedTargetIsTheWeightedMean() {
        NDArray first = manager.create(new double[] {1, 2, 2, 4}, new Shape(1, 2, 2));
        NDArray second = manager.create(new double[] {5, 0, 0, 1}, new Shape(1, 2, 2));
        // (1·A + 3·B) / 4.
        assertThat(GramMatrix.blend(List.of(first, second), new double[] {1, 3}).toDoubleArray())
                .containsExactly(4, 0.5, 0.5, 1.75);
    }

    @Test
    void aGuidedGramMatrixWithAFullMaskIsTheNormalisedOneAndWithAPartialMaskThatOfTheRegion() {
        NDArray full = manager.ones(new Shape(1, 1, 1, 2), DataType.FLOAT64);
        assertThat(GramMatrix.guided(features(), full, 2).toDoubleArray())
                .containsExactly(GramMatrix.normalized(features()).toDoubleArray());
        // Only the second position (a = 2, b = 4): [[4, 8], [8, 16]] / (C = 2 · Σm² = 1).
        NDArray right = manager.create(new double[] {0, 1}, new Shape(1, 1, 1, 2));
        assertThat(GramMatrix.guided(features(), right, 1).toDoubleArray()).containsExactly(2, 4, 4, 8);
    }

    @Test
    void aPaintingsMaskConfinesItsStatisticsToItsRegion() {
        // Four positions; the painting's region is the left two. Its target is the Gram matrix of the
        // image's own left half, so the loss is zero whatever the right half holds, and a gradient
        // flows only to the left.
        NDArray image = manager.create(new double[] {1, 2, 7, 9, 3, 1, 8, 2}, new Shape(1, 2, 1, 4));
        NDArray leftHalf = manager.create(new double[] {1, 2, 3, 1}, new Shape(1, 2, 1, 2));
        NDArray mask = manager.create(new double[] {1, 1, 0, 0}, new Shape(1, 1, 1, 4));
        try (GuidedStyleLoss loss = new GuidedStyleLoss(List.of(new GuidedStyleLoss.Region(
                Map.of("l", GramMatrix.normalized(leftHalf)), Map.of("l", mask))), Map.of("l", 1.0),
                StyleLoss.Scaling.RELATIVE, manager)) {
            assertThat(loss.compute(Map.of("l", image), null).getDouble()).isCloseTo(0, within(1e-12));
            NDArray changedRight = manager.create(new double[] {1, 2, 0, 100, 3, 1, 50, 0}, new Shape(1, 2, 1, 4));
            assertThat(loss.compute(Map.of("l", changedRight), null).getDouble()).isCloseTo(0, within(1e-12));
            NDArray changedLeft = manager.create(new double[] {2, 2, 7, 9, 3, 1, 8, 2}, new Shape(1, 2, 1, 4));
            assertThat(loss.compute(Map.of("l", changedLeft), null).getDouble()).isGreaterThan(0.01);
        }
    }

    @Test
    void guidedStyleLossGradientMatchesFiniteDifferences() {
        NDArray painting = manager.randomNormal(0, 1, new Shape(1, 4, 3, 3), DataType.FLOAT64);
        NDArray mask = manager.randomUniform(0, 1, new Shape(1, 1, 3, 4), DataType.FLOAT64);
        for (StyleLoss.Scaling scaling : StyleLoss.Scaling.values()) {
            GuidedStyleLoss loss = new GuidedStyleLoss(List.of(new GuidedStyleLoss.Region(
                    Map.of("l", GramMatrix.normalized(painting)), Map.of("l", mask))), Map.of("l", 0.7), scaling,
                    manager);
            GradientCheck.assertGradientMatches(x -> loss.compute(Map.of("l", x), null),
                    manager.randomNormal(0, 1, new Shape(1, 4, 3, 4), DataType.FLOAT64), 12, 1e-5, 6);
        }
    }

    @Test
    void relativeContentLossGradientMatchesFiniteDifferences() {
        NDArray photo = manager.randomNormal(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64);
        ContentLoss loss = new ContentLoss(Map.of("l", photo), ContentLoss.Scaling.RELATIVE, manager);
        GradientCheck.assertGradientMatches(x -> loss.compute(Map.of("l", x), null),
                manager.randomNormal(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64), 12, 1e-6, 7);
    }
}
