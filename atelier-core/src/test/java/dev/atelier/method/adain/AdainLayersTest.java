package dev.atelier.method.adain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.nn.Layers;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The copy-saving padding and upsampling give what the general layers give, values and gradients. */
class AdainLayersTest {

    @Test
    void reflectionPaddingMatchesTheGeneralLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.randomNormal(new Shape(2, 3, 5, 7));

            assertThat(AdainLayers.reflectionPad(input).getShape()).isEqualTo(new Shape(2, 3, 7, 9));
            assertThat(AdainLayers.reflectionPad(input).contentEquals(Layers.reflectionPad(input, 1))).isTrue();
            assertGradientsMatch(manager, input, AdainLayers::reflectionPad, x -> Layers.reflectionPad(x, 1));
        }
    }

    @Test
    void upsamplingMatchesTheGeneralLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.randomNormal(new Shape(2, 3, 5, 7));

            assertThat(AdainLayers.upsample(input).contentEquals(Layers.upsampleNearest(input, 2))).isTrue();
            assertGradientsMatch(manager, input, AdainLayers::upsample, x -> Layers.upsampleNearest(x, 2));
        }
    }

    @Test
    void aSinglePixelCannotBeReflected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> AdainLayers.reflectionPad(manager.zeros(new Shape(1, 4, 1, 6))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("reflection padding 1 needs an input larger than 1x6");
        }
    }

    /** Gradients of a weighted sum of each layer's output, through a square so they vary. */
    private static void assertGradientsMatch(NDManager manager, NDArray input, UnaryOperator<NDArray> fast,
            UnaryOperator<NDArray> general) {
        NDArray weights = manager.randomUniform(0, 1, general.apply(input).getShape());
        float[] expected = gradient(input, weights, general);
        float[] actual = gradient(input, weights, fast);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("gradient %d", i).isCloseTo(expected[i],
                    within(1e-5f * (1 + Math.abs(expected[i]))));
        }
    }

    private static float[] gradient(NDArray input, NDArray weights, UnaryOperator<NDArray> layer) {
        NDArray leaf = input.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(layer.apply(leaf.mul(leaf)).mul(weights).sum());
        }
        return leaf.getGradient().toFloatArray();
    }
}
