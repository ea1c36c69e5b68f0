package dev.atelier.method.feedforward;

import dev.atelier.testing.ReferenceConvolution;
import dev.atelier.nn.Layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.testing.GradientCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocks Johnson et al.'s network adds to {@link Layers}' basics, against hand-computed values. */
class TransformerBuildingBlocksTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void residualBlockAddsTheSecondStageOfTheRectifiedFirstToItsInput() {
        // x = [-2, 1, 3, 0]; first doubles and subtracts 1: [-5, 1, 5, -1]; ReLU: [0, 1, 5, 0];
        // second adds 10: [10, 11, 15, 10]; plus x: [8, 12, 18, 10]. No ReLU after the sum (8 stays
        // positive here, so also check a negative result survives).
        NDArray input = manager.create(new float[] {-2, 1, 3, 0}, new Shape(1, 1, 2, 2));
        NDArray output = Layers.residualBlock(input, x -> x.mul(2).sub(1), x -> x.add(10));
        assertThat(output.toFloatArray()).containsExactly(8, 12, 18, 10);
        NDArray negative = Layers.residualBlock(input, x -> x, x -> x.sub(20));
        // relu([-2, 1, 3, 0]) - 20 + x = [-22, -18, -14, -20].
        assertThat(negative.toFloatArray()).containsExactly(-22, -18, -14, -20);
    }

    @Test
    void residualBlockOfInstanceNormalisedIdentityConvolutionsMatchesHandComputation() {
        // Identity 3x3 kernels (centre tap 1) under reflection padding pass the image through, so
        // the block is x + IN2(relu(IN1(x))). Channel [1 2 3 4] normalises to ±1.342, ±0.447.
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray identity = manager.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, new Shape(1, 1, 3, 3));
        NDArray scale1 = manager.create(new float[] {2});
        NDArray shift1 = manager.create(new float[] {1});
        NDArray scale2 = manager.create(new float[] {3});
        NDArray shift2 = manager.create(new float[] {-1});
        double epsilon = 1e-5;
        NDArray output = Layers.residualBlock(input,
                x -> Layers.instanceNorm(Layers.conv2d(Layers.reflectionPad(x, 1), identity, null, 1, 0), scale1,
                        shift1, epsilon),
                x -> Layers.instanceNorm(Layers.conv2d(Layers.reflectionPad(x, 1), identity, null, 1, 0), scale2,
                        shift2, epsilon));
        double[] x = {1, 2, 3, 4};
        double[] first = normalise(x, epsilon);
        double[] rectified = new double[4];
        for (int i = 0; i < 4; i++) {
            rectified[i] = Math.max(0, 2 * first[i] + 1);
        }
        double[] second = normalise(rectified, epsilon);
        float[] values = output.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertThat((double) values[i]).isCloseTo(x[i] + 3 * second[i] - 1, within(1e-4));
        }
    }

    private static double[] normalise(double[] values, double epsilon) {
        double mean = 0;
        for (double value : values) {
            mean += value / values.length;
        }
        double variance = 0;
        for (double value : values) {
            variance += (value - mean) * (value - mean) / values.length;
        }
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (values[i] - mean) / Math.sqrt(variance + epsilon);
        }
        return result;
    }

    @Test
    void instanceNormKeepsEachImageOfABatchToItself() {
        // Image 0 channel 0 = [1 2 3 4], image 1 channel 0 = [10 20 30 40]: both normalise to the same
        // values, which a batch norm over the two images would not give.
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 0, 0, 5, 5, 10, 20, 30, 40, 7, 7, 7, 7},
                new Shape(2, 2, 2, 2));
        NDArray scale = manager.create(new float[] {2, 3});
        NDArray shift = manager.create(new float[] {0.5f, -1});
        float[] values = Layers.instanceNorm(input, scale, shift, 1e-5).toFloatArray();
        double[] first = normalise(new double[] {1, 2, 3, 4}, 1e-5);
        double[] second = normalise(new double[] {10, 20, 30, 40}, 1e-5);
        double[] halves = normalise(new double[] {0, 0, 5, 5}, 1e-5);
        for (int i = 0; i < 4; i++) {
            assertThat((double) values[i]).isCloseTo(2 * first[i] + 0.5, within(1e-4));
            assertThat((double) values[4 + i]).isCloseTo(3 * halves[i] - 1, within(1e-4));
            assertThat((double) values[8 + i]).isCloseTo(2 * second[i] + 0.5, within(1e-4));
            // A constant channel has zero variance: it normalises to 0 and leaves only the shift (float
            // rounding of its mean is magnified by 1/sqrt(epsilon), as in PyTorch's own instance norm).
            assertThat((double) values[12 + i]).isCloseTo(-1, within(1e-3));
        }
    }

    @Test
    void instanceNormOfSinglePixelsLeavesTheShift() {
        NDArray input = manager.create(new float[] {5, -3}, new Shape(1, 2, 1, 1));
        NDArray result = Layers.instanceNorm(input, manager.create(new float[] {2, 2}),
                manager.create(new float[] {0.25f, -4}), 1e-5);
        assertThat(result.toFloatArray()).containsExactly(0.25f, -4f);
    }

    @Test
    void instanceNormGradientOfABatchMatchesFiniteDifferences() {
        NDArray input = manager.randomNormal(0, 1, new Shape(2, 3, 3, 4), DataType.FLOAT64);
        NDArray scale = manager.create(new double[] {1.5, -0.5, 2});
        NDArray shift = manager.create(new double[] {0.1, 0.2, -0.3});
        NDArray weights = manager.randomNormal(0, 1, new Shape(2, 3, 3, 4), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.instanceNorm(x, scale, shift, 1e-3).mul(weights).sum(),
                input, 12, 1e-5, 3);
    }

    @Test
    void replicationPadRepeatsTheEdgePixels() {
        NDArray input = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(Layers.replicationPad(input, 1).toFloatArray()).containsExactly(
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4);
    }

    @Test
    void asymmetricReflectionPadMirrorsEachRequestedSide() {
        // Column [1 2 3] padded 0 above, 2 below: 1 2 3 | 2 1; rows [1 2 3] padded 1 left, 0 right: 2 | 1 2 3.
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
        assertThat(Layers.reflectionPad(input, 0, 2, 1, 0).toFloatArray()).containsExactly(
                2, 1, 2, 3,
                5, 4, 5, 6,
                8, 7, 8, 9,
                5, 4, 5, 6,
                2, 1, 2, 3);
    }

    @Test
    void upsampleConvolutionEqualsNearestUpsamplingReflectionPaddingAndConvolutionWrittenOut() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 3, 5, 4), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(2, 3, 3, 3), DataType.FLOAT64);
        NDArray bias = manager.create(new double[] {0.5, -2});
        double[][][] upsampled = ReferenceConvolution.upsampleNearest(ReferenceConvolution.planes(input));
        double[][][] expected = ReferenceConvolution.correlate(upsampled, ReferenceConvolution.kernels(weight),
                bias.toDoubleArray(), 1, 1, 10, 8, ReferenceConvolution.REFLECT);
        NDArray output = Layers.upsampleConvolution(input, weight, bias);
        assertThat(output.getShape()).isEqualTo(new Shape(1, 2, 10, 8));
        assertClose(output, expected, 1e-9);
    }

    @Test
    void upsampleConvolutionGradientMatchesFiniteDifferences() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 2, 3, 3), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(2, 2, 3, 3), DataType.FLOAT64);
        NDArray weights = manager.randomNormal(0, 1, new Shape(1, 2, 6, 6), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.upsampleConvolution(x, weight, null).mul(weights).sum(),
                input, 10, 1e-6, 4);
        GradientCheck.assertGradientMatches(w -> Layers.upsampleConvolution(input, w, null).mul(weights).sum(),
                weight, 10, 1e-6, 5);
    }

    @Test
    void transposedConvolutionEqualsZeroInsertionThenConvolutionWrittenOut() {
        // conv2d_transpose(x, T) with stride 2, SAME: put zeros between the pixels, then convolve
        // (true convolution, i.e. correlate with the flipped kernel) with two zeros of padding before.
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 3, 4, 5), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(3, 2, 3, 3), DataType.FLOAT64);
        double[][][] spread = ReferenceConvolution.insertZeros(ReferenceConvolution.planes(input));
        double[][][] expected = ReferenceConvolution.correlate(spread,
                ReferenceConvolution.flippedTranspose(ReferenceConvolution.kernels(weight)), null, 1, 2, 8, 10,
                ReferenceConvolution.ZERO);
        NDArray output = Layers.transposedConvolutionSame(input, weight);
        assertThat(output.getShape()).isEqualTo(new Shape(1, 2, 8, 10));
        assertClose(output, expected, 1e-9);
    }

    @Test
    void transposedConvolutionGradientReachesInputAndWeight() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 2, 3, 3), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(2, 3, 3, 3), DataType.FLOAT64);
        NDArray weights = manager.randomNormal(0, 1, new Shape(1, 3, 6, 6), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.transposedConvolutionSame(x, weight).mul(weights).sum(),
                input, 10, 1e-6, 6);
        GradientCheck.assertGradientMatches(w -> Layers.transposedConvolutionSame(input, w).mul(weights).sum(),
                weight, 10, 1e-6, 7);
    }

    @Test
    void spaceToDepthConvolutionEqualsTheDirectConvolutionWrittenOut() {
        NDArray weight = manager.randomNormal(0, 1, new Shape(3, 4, 9, 9), DataType.FLOAT64);
        NDArray bias = manager.create(new double[] {1, -2, 0.5});
        for (int[] size : new int[][] {{12, 10}, {11, 10}}) {
            NDArray input = manager.randomNormal(0, 1, new Shape(1, 4, size[0], size[1]), DataType.FLOAT64);
            double[][][] planes = ReferenceConvolution.planes(input);
            double[][][][] kernels = ReferenceConvolution.kernels(weight);
            assertClose(Layers.spaceToDepthConvolution(input, weight, bias, 4, Layers.Padding.REFLECT),
                    ReferenceConvolution.correlate(planes, kernels, bias.toDoubleArray(), 1, 4, size[0], size[1],
                            ReferenceConvolution.REFLECT), 1e-9);
            assertClose(Layers.spaceToDepthConvolution(input, weight, bias, 4, Layers.Padding.ZERO),
                    ReferenceConvolution.correlate(planes, kernels, bias.toDoubleArray(), 1, 4, size[0], size[1],
                            ReferenceConvolution.ZERO), 1e-9);
        }
        NDArray small = manager.randomNormal(0, 1, new Shape(2, 4, 6, 8), DataType.FLOAT64);
        NDArray narrow = manager.randomNormal(0, 1, new Shape(3, 4, 3, 3), DataType.FLOAT64);
        for (int image = 0; image < 2; image++) {
            double[][][] planes = ReferenceConvolution.planes(small.get(image));
            double[][][] expected = ReferenceConvolution.correlate(planes, ReferenceConvolution.kernels(narrow), null, 1,
                    1, 6, 8, ReferenceConvolution.REFLECT);
            assertClose(Layers.spaceToDepthConvolution(small, narrow, null, 1, Layers.Padding.REFLECT).get(image),
                    expected, 1e-9);
        }
    }

    @Test
    void spaceToDepthConvolutionGradientMatchesFiniteDifferences() {
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 2, 6, 6), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(3, 2, 5, 5), DataType.FLOAT64);
        NDArray weights = manager.randomNormal(0, 1, new Shape(1, 3, 6, 6), DataType.FLOAT64);
        GradientCheck.assertGradientMatches(x -> Layers.spaceToDepthConvolution(x, weight, null, 2,
                Layers.Padding.REFLECT).mul(weights).sum(), input, 10, 1e-6, 8);
        GradientCheck.assertGradientMatches(w -> Layers.spaceToDepthConvolution(input, w, null, 2,
                Layers.Padding.ZERO).mul(weights).sum(), weight, 10, 1e-6, 9);
    }

    static void assertClose(NDArray actual, double[][][] expected, double tolerance) {
        double[][][] planes = ReferenceConvolution.planes(actual);
        for (int c = 0; c < expected.length; c++) {
            for (int y = 0; y < expected[c].length; y++) {
                for (int x = 0; x < expected[c][y].length; x++) {
                    assertThat(planes[c][y][x]).as("channel %d at (%d, %d)", c, y, x)
                            .isCloseTo(expected[c][y][x], within(tolerance * Math.max(1, Math.abs(expected[c][y][x]))));
                }
            }
        }
    }
}
