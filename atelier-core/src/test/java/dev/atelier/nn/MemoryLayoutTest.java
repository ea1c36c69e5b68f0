package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MemoryLayoutTest {

    @Test
    void channelsLastHoldsTheSameValuesAndConvolvesToTheSameResult() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NDArray batch = manager.randomNormal(new Shape(2, 3, 7, 5));
            NDArray stored = MemoryLayout.channelsLast(batch);
            assertThat(stored.getShape()).isEqualTo(batch.getShape());
            assertThat(stored.toFloatArray()).containsExactly(batch.toFloatArray());
            NDArray weight = manager.randomNormal(new Shape(4, 3, 3, 3));
            NDArray bias = manager.randomNormal(new Shape(4));
            NDArray expected = Layers.conv2d(batch, weight, bias, 1, 1);
            NDArray actual = Layers.conv2d(stored, weight, bias, 1, 1);
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void gradientsFlowBackThroughTheLayoutUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(6);
            NDArray weight = manager.randomNormal(new Shape(4, 3, 3, 3));
            NDArray image = manager.randomNormal(new Shape(1, 3, 6, 6));
            float[] plain = gradient(image, weight, false);
            float[] stored = gradient(image, weight, true);
            for (int i = 0; i < plain.length; i++) {
                assertThat(stored[i]).isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            assertThat(plain[0]).isNotZero();
        }
    }

    @Test
    void onlyBatchesOfImagesAreAccepted() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> MemoryLayout.channelsLast(manager.zeros(new Shape(3, 4, 4))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(N, C, H, W)");
        }
    }

    /** d/dx of sum(conv(x)²), with x laid out channels-last first or not. */
    private static float[] gradient(NDArray image, NDArray weight, boolean channelsLast) {
        return GradientRecording.collecting(() -> {
            NDArray input = image.duplicate();
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray laidOut = channelsLast ? MemoryLayout.channelsLast(input) : input;
                collector.backward(Layers.conv2d(laidOut, weight, null, 1, 1).square().sum());
            }
            return input.getGradient().toFloatArray();
        });
    }
}
