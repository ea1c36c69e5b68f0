package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.testing.GradientCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LayersTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void reflectionPadMirrorsWithoutRepeatingTheEdge() {
        // Row [1 2 3] padded by 2 mirrors as PyTorch's ReflectionPad2d does: 3 2 | 1 2 3 | 2 1.
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
        NDArray padded = Layers.reflectionPad(input, 2);
        assertThat(padded.getShape()).isEqualTo(new Shape(1, 1, 7, 7));
        float[] values = padded.toFloatArray();
        assertThat(java.util.Arrays.copyOfRange(values, 14, 21)).containsExactly(3, 2, 1, 2, 3, 2, 1);
        // The first row is the mirror of input row 3 (index 2): 9 8 | 7 8 9 | 8 7.
        assertThat(java.util.Arrays.copyOfRange(values, 0, 7)).containsExactly(9, 8, 7, 8, 9, 8, 7);
    }

    /**
     * The padding's row and column indices live in memory the engine owns and frees with the arrays:
     * made by the engine's own creation they would wait in direct buffers for a collection.
     */
    @Test
    void paddingByGatherKeepsNoDirectBuffer() {
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.ones(new Shape(1, 1, 4, 4000));
            long before = direct.getMemoryUsed();
            for (int i = 0; i < 20; i++) {
                Layers.reflectionPad(input, 2);
                Layers.replicationPad(input, 1);
            }
            // Engine-made indices: 20 x (4,004 + 4,002) longs, 1.3 MB, until a collection.
            assertThat(direct.getMemoryUsed() - before).isLessThan(64 * 1024);
        }
    }

    @Test
    void reflectionPadRejectsPaddingAsLargeAsTheImage() {
        NDArray input = manager.zeros(new Shape(1, 1, 2, 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Layers.reflectionPad(input, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroPadPutsTheGivenAmountOnEachSide() {
        NDArray input = manager.ones(new Shape(1, 1, 2, 2));
        NDArray padded = Layers.zeroPad(input, 0, 1, 2, 0);
        assertThat(padded.getShape()).isEqualTo(new Shape(1, 1, 3, 4));
        assertThat(padded.toFloatArray()).containsExactly(
                0, 0, 1, 1,
                0, 0, 1, 1,
                0, 0, 0, 0);
    }

    @Test
    void samePaddingMatchesTensorFlowsRule() {
        // TF: out = ceil(in / stride); total = max((out - 1) * stride + kernel - in, 0).
        assertThat(Layers.samePaddingTotal(256, 9, 1)).isEqualTo(8);
        assertThat(Layers.samePaddingTotal(256, 3, 2)).isEqualTo(1);
        assertThat(Layers.samePaddingTotal(255, 3, 2)).isEqualTo(2);
        assertThat(Layers.samePaddingTotal(5, 1, 1)).isZero();
    }

    @Test
    void instanceNormMatchesHandComputedValues() {
        // One channel [1 2 3 4]: mean 2.5, biased variance 1.25.
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray result = Layers.instanceNorm(input, manager.create(new float[] {2}), manager.create(new float[] {0.5f}),
                1e-5);
        double deviation = Math.sqrt(1.25 + 1e-5);
        float[] values = result.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertThat((double) values[i]).isCloseTo(2 * ((i + 1) - 2.5) / deviation + 0.5, within(1e-5));
        }
    }

    @Test
    void instanceNormNormalisesEachChannelOfEachImageSeparately() {
        NDArray input = manager.randomNormal(3, 5, new Shape(2, 4, 6, 6), DataType.FLOAT32);
        NDArray result = Layers.normalizeInstance(input, 1e-5).reshape(2, 4, 36);
        NDArray means = result.mean(new int[] {2});
        NDArray variances = result.sub(result.mean(new int[] {2}, true)).square().mean(new int[] {2});
        for (float mean : means.toFloatArray()) {
            assertThat(mean).isCloseTo(0f, within(1e-5f));
        }
        for (float variance : variances.toFloatArray()) {
            assertThat(variance).isCloseTo(1f, within(1e-3f));
        }
    }

    @Test
    void instanceNormGradientMatchesFiniteDifferences() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 2, 3, 3), DataType.FLOAT64);
        NDArray scale = manager.create(new double[] {1.5, -0.5});
        NDArray shift = manager.create(new double[] {0.1, 0.2});
        NDArray weights = manager.randomNormal(0, 1, new Shape(1, 2, 3, 3), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.instanceNorm(x, scale, shift, 1e-3).mul(weights).sum(),
                input, 10, 1e-5, 1);
    }

    @Test
    void reflectionPadGradientMatchesFiniteDifferences() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 1, 4, 5), DataType.FLOAT64);
        NDArray weights = manager.randomNormal(0, 1, new Shape(1, 1, 8, 9), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.reflectionPad(x, 2).mul(weights).sum(), input, 10, 1e-6, 2);
    }

    @Test
    void nearestUpsamplingRepeatsEachPixelAsABlock() {
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(Layers.upsampleNearest(input, 2).toFloatArray()).containsExactly(
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4);
    }

    @Test
    void transposedConvolutionIsTheAdjointOfTensorFlowsSameConvolution() {
        // TensorFlow defines conv2d_transpose as the gradient of conv2d: <conv(x), y> == <x, convT(y)>.
        // Its SAME convolution with stride 2 on an even size pads one zero row/column after.
        NDArray x = manager.randomNormal(0, 1, new Shape(2, 3, 6, 8), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(4, 3, 3, 3), DataType.FLOAT64);
        NDArray convolved = Layers.conv2d(Layers.zeroPad(x, 0, 1, 0, 1), weight, null, 2, 0);
        assertThat(convolved.getShape()).isEqualTo(new Shape(2, 4, 3, 4));
        NDArray y = manager.randomNormal(0, 1, convolved.getShape(), DataType.FLOAT64);
        NDArray transposed = Layers.transposedConvolutionSame(y, weight);
        assertThat(transposed.getShape()).isEqualTo(x.getShape());
        assertThat(convolved.mul(y).sum().getDouble()).isCloseTo(x.mul(transposed).sum().getDouble(), within(1e-9));
    }

    @Test
    void transposedConvolutionSpreadsOnePixelAsTheKernel() {
        // A single 1 at input (1, 1) lands at output rows/columns 2..4 as the kernel itself (TF cropping
        // keeps output index 2i + tap for tap 0..2).
        float[] kernel = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        NDArray input = manager.zeros(new Shape(1, 1, 3, 3));
        input.set(new ai.djl.ndarray.index.NDIndex("0, 0, 1, 1"), 1);
        NDArray output = Layers.transposedConvolutionSame(input, manager.create(kernel, new Shape(1, 1, 3, 3)));
        assertThat(output.getShape()).isEqualTo(new Shape(1, 1, 6, 6));
        float[] values = output.toFloatArray();
        for (int row = 0; row < 6; row++) {
            for (int column = 0; column < 6; column++) {
                boolean inside = row >= 2 && row <= 4 && column >= 2 && column <= 4;
                float expected = inside ? kernel[(row - 2) * 3 + (column - 2)] : 0;
                assertThat(values[row * 6 + column]).as("output (%d, %d)", row, column).isEqualTo(expected);
            }
        }
    }
}
