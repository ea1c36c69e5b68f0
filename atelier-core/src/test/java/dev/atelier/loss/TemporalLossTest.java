package dev.atelier.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.testing.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ruder et al.'s temporal term: a hand-computed case, the term on normalised images, and its gradient. */
class TemporalLossTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theTermIsTheWeightedMeanSquaredDifference() {
        // One channel, four samples: differences 1, -2, 3, 0.5 weighted 1, 1, 0, 0.5:
        // (1 + 4 + 0 + 0.125) / 4 = 1.28125; the unreliable sample's difference of 3 counts for nothing.
        NDArray image = manager.create(new double[] {1, 0, 5, 1.5}, new Shape(1, 1, 2, 2));
        NDArray target = manager.create(new double[] {0, 2, 2, 1}, new Shape(1, 1, 2, 2));
        NDArray weights = manager.create(new double[] {1, 1, 0, 0.5}, new Shape(1, 1, 2, 2));
        assertThat(TemporalLoss.between(image, target, weights).getDouble()).isCloseTo(1.28125, within(1e-12));
    }

    @Test
    void theTermReadsTheNormalisedImageAsRgb() {
        // A grey 2 x 1 image at 0.5 against a target at 0.25 on the left pixel only (weights 1, 0):
        // the mean over six samples of 0.0625 on three of them is 0.03125, whatever the normalisation.
        RgbImage image = RgbImage.solid(2, 1, 0.5f, 0.5f, 0.5f);
        RgbImage target = RgbImage.wrap(2, 1, new float[] {0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f});
        RgbImage weights = RgbImage.wrap(2, 1, new float[] {1, 0, 1, 0, 1, 0});
        try (TemporalLoss term = new TemporalLoss(target, weights, manager)) {
            NDArray normalized = ImageNetNormalization.normalize(ImageTensors.toTensor(manager, image));
            assertThat(term.compute(Map.of(), normalized).getFloat()).isCloseTo(0.03125f, within(1e-6f));
            assertThat(term.name()).isEqualTo("temporal");
            assertThat(term.layers()).isEmpty();
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        NDArray target = manager.randomUniform(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64);
        NDArray weights = manager.randomUniform(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> TemporalLoss.between(x, target, weights),
                manager.randomUniform(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64), 12, 1e-6, 6);
    }
}
