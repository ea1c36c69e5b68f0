package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Large convolutions computed in strips give what one convolution gives. */
class StripConvolutionTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray whole(NDArray input, NDArray weight, NDArray bias, int padding) {
        return Conv2d.conv2d(input, weight, bias, new Shape(1, 1), new Shape(padding, padding), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    private float largestDifference(int kernel, int padding, long height) {
        manager.getEngine().setRandomSeed(7);
        NDArray input = manager.randomNormal(new Shape(1, 64, height, 256));
        NDArray weight = manager.randomNormal(0, 0.05f, new Shape(64, 64, kernel, kernel), DataType.FLOAT32);
        NDArray bias = manager.randomNormal(new Shape(64));
        assertThat(StripConvolution.worthSplitting(input.getShape(), 64, kernel, 1)).isTrue();
        NDArray strips = StripConvolution.apply(input, weight, bias, padding);
        NDArray expected = whole(input, weight, bias, padding);
        assertThat(strips.getShape()).isEqualTo(expected.getShape());
        return strips.sub(expected).abs().max().getFloat();
    }

    @Test
    void stripsEqualOneConvolutionWithZeroPaddingAtTheBorders() {
        // 64-row strips over 250 rows: the last strip is short, the first and last pad.
        assertThat(largestDifference(3, 1, 250)).isLessThan(1e-5f);
        assertThat(largestDifference(5, 2, 250)).isLessThan(1e-5f);
    }

    @Test
    void stripsEqualOneConvolutionWithoutPadding() {
        // Reflection-padded layers pad first and convolve with no padding.
        assertThat(largestDifference(3, 0, 258)).isLessThan(1e-5f);
    }

    @Test
    void layersSplitOnlyLargeStrideOneConvolutions() {
        Shape large = new Shape(1, 64, 512, 512);
        assertThat(StripConvolution.worthSplitting(large, 64, 3, 1)).isTrue();
        assertThat(StripConvolution.worthSplitting(large, 64, 3, 2)).isFalse();
        assertThat(StripConvolution.worthSplitting(new Shape(1, 64, 64, 64), 64, 3, 1)).isFalse();
        int rows = StripConvolution.rowsPerStrip(large, 64);
        assertThat((long) rows * 512 * (64 + 64) * Float.BYTES).isLessThanOrEqualTo(StripConvolution.STRIP_BYTES);
    }

    @Test
    void convolutionsUnderAutogradAreNotSplit() {
        NDArray input = manager.zeros(new Shape(1, 1, 2, 2));
        input.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            assertThat(StripConvolution.worthSplitting(new Shape(1, 64, 512, 512), 64, 3, 1)).isFalse();
            collector.backward(input.sum());
        }
    }
}
