package dev.atelier.method.magenta;

import dev.atelier.testing.ReferenceConvolution;
import dev.atelier.nn.Layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MobileNetV2's blocks against written-out arithmetic on tiny tensors. */
class MobileNetLayersTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void relu6ClipsToZeroAndSix() {
        NDArray input = manager.create(new float[] {-3, -0.5f, 0, 2.5f, 6, 6.5f, 100});
        assertThat(MobileNetLayers.relu6(input).toFloatArray()).containsExactly(0, 0, 0, 2.5f, 6, 6, 6);
    }

    @Test
    void sameConvolutionAtStrideTwoPadsOnlyTheBottomAndRight() {
        // A 4x4 image 1..16 and a 3x3 kernel of ones, stride 2: TensorFlow's SAME output is 2x2, with
        // total padding (2 - 1) * 2 + 3 - 4 = 1 per axis, all of it after. Output (0, 0) sums rows
        // 0-2, columns 0-2: 1+2+3+5+6+7+9+10+11 = 54; (0, 1) columns 2-4 (4 is the zero pad):
        // 3+4+7+8+11+12 = 45; (1, 0) rows 2-4: 9+10+11+13+14+15 = 72; (1, 1): 11+12+15+16 = 54.
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i + 1;
        }
        NDArray input = manager.create(image, new Shape(1, 1, 4, 4));
        NDArray ones = manager.ones(new Shape(1, 1, 3, 3));

        NDArray output = MobileNetLayers.sameConvolution(input, ones, null, 2);

        assertThat(output.getShape()).isEqualTo(new Shape(1, 1, 2, 2));
        assertThat(output.toFloatArray()).containsExactly(54, 45, 72, 54);
        // PyTorch-style symmetric padding centres the windows on rows and columns 0 and 2 instead:
        // 1+2+5+6 = 14, 2+3+4+6+7+8 = 30, 5+6+9+10+13+14 = 57, 6+7+8+10+11+12+14+15+16 = 99.
        NDArray symmetric = Layers.conv2d(input, ones, null, 2, 1);
        assertThat(symmetric.toFloatArray()).containsExactly(14, 30, 57, 99);
    }

    @Test
    void sameConvolutionOfOddSizesMatchesTheLoops() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] size : new int[][] {{5, 7}, {6, 5}, {4, 4}}) {
            NDArray input = random(random, 1, 2, size[0], size[1]);
            NDArray weight = random(random, 3, 2, 3, 3);
            NDArray bias = random(random, 3);
            for (int stride : new int[] {1, 2}) {
                int outputHeight = (size[0] + stride - 1) / stride;
                int outputWidth = (size[1] + stride - 1) / stride;
                int vertical = Layers.samePaddingTotal(size[0], 3, stride);
                int horizontal = Layers.samePaddingTotal(size[1], 3, stride);
                double[][][] expected = correlate(ReferenceConvolution.planes(input), ReferenceConvolution.kernels(weight),
                        bias.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(), stride, vertical / 2,
                        horizontal / 2, outputHeight, outputWidth, 1);
                assertClose(MobileNetLayers.sameConvolution(input, weight, bias, stride), expected);
            }
        }
    }

    @Test
    void depthwiseConvolutionFiltersEachChannelWithItsOwnKernel() {
        // Two channels, 3x3 each; channel 0 filtered by a centre tap of 2 (doubles it), channel 1 by
        // a right-hand tap of 1 (shifts left, zero beyond the border). Stride 1, SAME: pad 1 all round.
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90},
                new Shape(1, 2, 3, 3));
        float[] kernels = new float[18];
        kernels[4] = 2;
        kernels[9 + 5] = 1;
        NDArray weight = manager.create(kernels, new Shape(2, 1, 3, 3));
        NDArray bias = manager.create(new float[] {0.5f, -1});

        NDArray output = MobileNetLayers.depthwiseConvolution(input, weight, bias, 1);

        assertThat(output.toFloatArray()).containsExactly(2.5f, 4.5f, 6.5f, 8.5f, 10.5f, 12.5f, 14.5f, 16.5f, 18.5f,
                19, 29, -1, 49, 59, -1, 79, 89, -1);
    }

    @Test
    void depthwiseConvolutionAtStrideTwoMatchesTheLoopsPerChannel() {
        SplittableRandom random = new SplittableRandom(4);
        NDArray input = random(random, 1, 4, 6, 7);
        NDArray weight = random(random, 4, 1, 3, 3);
        NDArray bias = random(random, 4);
        double[][][] planes = ReferenceConvolution.planes(input);
        double[][][][] kernels = ReferenceConvolution.kernels(weight);
        double[] biases = bias.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        // SAME at stride 2: 6 rows -> 3, total padding 1 (after); 7 columns -> 4, total 2 (one each side).
        double[][][] expected = correlate(planes, kernels, biases, 2, 0, 1, 3, 4, 4);

        assertClose(MobileNetLayers.depthwiseConvolution(input, weight, bias, 2), expected);
        assertThatThrownBy(() -> MobileNetLayers.depthwiseConvolution(input, random(random, 3, 1, 3, 3), null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Loops for a (grouped) cross-correlation with zero padding {@code top} and {@code left} before
     * the image: with {@code groups} equal to the channels each output channel reads its own input.
     */
    private static double[][][] correlate(double[][][] input, double[][][][] weight, double[] bias, int stride,
            int top, int left, int outputHeight, int outputWidth, int groups) {
        int height = input[0].length;
        int width = input[0][0].length;
        int perGroup = input.length / groups;
        int outputsPerGroup = weight.length / groups;
        double[][][] output = new double[weight.length][outputHeight][outputWidth];
        for (int o = 0; o < weight.length; o++) {
            int firstInput = (o / outputsPerGroup) * perGroup;
            for (int y = 0; y < outputHeight; y++) {
                for (int x = 0; x < outputWidth; x++) {
                    double sum = bias[o];
                    for (int i = 0; i < perGroup; i++) {
                        for (int r = 0; r < 3; r++) {
                            for (int c = 0; c < 3; c++) {
                                int row = y * stride + r - top;
                                int column = x * stride + c - left;
                                if (row >= 0 && row < height && column >= 0 && column < width) {
                                    sum += weight[o][i][r][c] * input[firstInput + i][row][column];
                                }
                            }
                        }
                    }
                    output[o][y][x] = sum;
                }
            }
        }
        return output;
    }

    private NDArray random(SplittableRandom random, long... shape) {
        float[] values = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return manager.create(values, new Shape(shape));
    }

    private static void assertClose(NDArray actual, double[][][] expected) {
        assertThat(actual.getShape()).isEqualTo(new Shape(1, expected.length, expected[0].length,
                expected[0][0].length));
        double[][][] planes = ReferenceConvolution.planes(actual);
        for (int c = 0; c < expected.length; c++) {
            for (int y = 0; y < expected[0].length; y++) {
                for (int x = 0; x < expected[0][0].length; x++) {
                    assertThat(planes[c][y][x]).as("(%d, %d, %d)", c, y, x).isCloseTo(expected[c][y][x], within(1e-5));
                }
            }
        }
    }
}
