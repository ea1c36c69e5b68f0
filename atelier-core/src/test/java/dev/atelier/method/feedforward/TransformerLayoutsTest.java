package dev.atelier.method.feedforward;
import dev.atelier.testing.ReferenceConvolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.method.feedforward.TransformerNetwork.ConvolutionSpec;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two published layouts of Johnson et al.'s network checked against each other's arithmetic:
 * where the math says they coincide they must agree, and where they differ (borders, sampling
 * grids, the output mapping) they must differ exactly as described.
 */
class TransformerLayoutsTest {
    private static final TransformerLayout PYTORCH = TransformerLayout.PYTORCH_EXAMPLES;
    private static final TransformerLayout TENSORFLOW = TransformerLayout.TENSORFLOW;

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private static ConvolutionSpec spec(String name) {
        return TransformerNetwork.convolutions(PYTORCH).stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void stride1ConvolutionsAgreeWhereZeroAndReflectionPaddingAreNotRead() {
        for (String layer : new String[] {"res1.conv1", "conv1"}) {
            ConvolutionSpec spec = spec(layer);
            int reach = spec.kernel() / 2;
            NDArray input = manager.randomNormal(0, 1, new Shape(1, 3, 2 * reach + 6, 2 * reach + 7), DataType.FLOAT64);
            NDArray weight = manager.randomNormal(0, 1, new Shape(2, 3, spec.kernel(), spec.kernel()), DataType.FLOAT64);
            double[][][] tensorflow = ReferenceConvolution.planes(
                    TransformerNetwork.convolution(TENSORFLOW, spec, input, weight, null));
            double[][][] pytorch = ReferenceConvolution.planes(
                    TransformerNetwork.convolution(PYTORCH, spec, input, weight, null));
            assertThat(tensorflow[0].length).isEqualTo(pytorch[0].length).isEqualTo(2 * reach + 6);
            double largestBorderDifference = 0;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < tensorflow[c].length; y++) {
                    for (int x = 0; x < tensorflow[c][y].length; x++) {
                        boolean interior = y >= reach && y < tensorflow[c].length - reach && x >= reach
                                && x < tensorflow[c][y].length - reach;
                        double difference = Math.abs(tensorflow[c][y][x] - pytorch[c][y][x]);
                        if (interior) {
                            assertThat(difference).as("%s interior (%d, %d)", layer, y, x).isLessThan(1e-9);
                        } else {
                            largestBorderDifference = Math.max(largestBorderDifference, difference);
                        }
                    }
                }
            }
            assertThat(largestBorderDifference).as("%s: zero and reflection padding differ at the border", layer)
                    .isGreaterThan(0.1);
        }
    }

    @Test
    void tensorflowStride2ConvolutionSamplesTheGridOnePixelLater() {
        // On an even size TensorFlow's SAME pads only after, so output i reads input rows 2i..2i+2;
        // pytorch/examples pads one row before, reading 2i-1..2i+1. Dropping the first row and column
        // of the input therefore aligns them wherever neither reads padding.
        ConvolutionSpec spec = spec("conv2");
        NDArray input = manager.randomNormal(0, 1, new Shape(1, 2, 12, 10), DataType.FLOAT64);
        NDArray weight = manager.randomNormal(0, 1, new Shape(3, 2, 3, 3), DataType.FLOAT64);
        double[][][] tensorflow = ReferenceConvolution.planes(
                TransformerNetwork.convolution(TENSORFLOW, spec, input, weight, null));
        double[][][] shifted = ReferenceConvolution.planes(TransformerNetwork.convolution(PYTORCH, spec,
                input.get(":, :, 1:, 1:"), weight, null));
        double[][][] unshifted = ReferenceConvolution.planes(
                TransformerNetwork.convolution(PYTORCH, spec, input, weight, null));
        assertThat(tensorflow[0].length).isEqualTo(6);
        assertThat(tensorflow[0][0].length).isEqualTo(5);
        double unshiftedDifference = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 1; y < 5; y++) {
                for (int x = 1; x < 4; x++) {
                    assertThat(tensorflow[c][y][x]).isCloseTo(shifted[c][y][x], within(1e-9));
                    unshiftedDifference = Math.max(unshiftedDifference, Math.abs(tensorflow[c][y][x] - unshifted[c][y][x]));
                }
            }
        }
        assertThat(unshiftedDifference).isGreaterThan(0.1);
    }

    @Test
    void transposedConvolutionEqualsUpsampleConvolutionForMatchingKernelsAwayFromTheFirstRowAndColumn() {
        // Per axis, nearest x2 upsampling then taps (k0, k1, 0) gives output 2m = k0·x[m-1] + k1·x[m] and
        // 2m+1 = (k0 + k1)·x[m]; a transposed convolution with taps (t0, t1, t2) gives 2m = t0·x[m] +
        // t2·x[m-1] and 2m+1 = t1·x[m]. So t = (k1, k0 + k1, k0). Only row/column 0 differ: PyTorch's
        // padding repeats x[0] where TensorFlow's transposed convolution reads zero.
        ConvolutionSpec spec = spec("deconv1");
        int in = 3;
        int out = 2;
        SplittableRandom random = new SplittableRandom(3);
        double[][][][] upsampling = new double[out][in][3][3];
        double[][][][] transposed = new double[in][out][3][3];
        double[][] spread = {{0, 1}, {1, 1}, {1, 0}};
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int p = 0; p < 2; p++) {
                    for (int q = 0; q < 2; q++) {
                        upsampling[o][i][p][q] = random.nextDouble(-1, 1);
                    }
                }
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        double sum = 0;
                        for (int p = 0; p < 2; p++) {
                            for (int q = 0; q < 2; q++) {
                                sum += spread[r][p] * upsampling[o][i][p][q] * spread[c][q];
                            }
                        }
                        transposed[i][o][r][c] = sum;
                    }
                }
            }
        }
        NDArray input = manager.randomNormal(0, 1, new Shape(1, in, 5, 6), DataType.FLOAT64);
        double[][][] tensorflow = ReferenceConvolution.planes(TransformerNetwork.convolution(TENSORFLOW, spec, input,
                array(transposed), null));
        double[][][] pytorch = ReferenceConvolution.planes(TransformerNetwork.convolution(PYTORCH, spec, input,
                array(upsampling), null));
        assertThat(tensorflow[0].length).isEqualTo(pytorch[0].length).isEqualTo(10);
        double firstRowDifference = 0;
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++) {
                    double difference = Math.abs(tensorflow[o][y][x] - pytorch[o][y][x]);
                    if (y > 0 && x > 0) {
                        assertThat(difference).as("(%d, %d)", y, x).isLessThan(1e-9);
                    } else {
                        firstRowDifference = Math.max(firstRowDifference, difference);
                    }
                }
            }
        }
        assertThat(firstRowDifference).isGreaterThan(0.01);
    }

    private NDArray array(double[][][][] kernels) {
        int a = kernels.length;
        int b = kernels[0].length;
        double[] values = new double[a * b * 9];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (int r = 0; r < 3; r++) {
                    System.arraycopy(kernels[i][j][r], 0, values, ((i * b + j) * 3 + r) * 3, 3);
                }
            }
        }
        return manager.create(values, new Shape(a, b, 3, 3));
    }

    @Test
    void networksWithPointwiseKernelsAgreeUpToTheTensorflowOutputMapping() {
        // With single-tap kernels padding is never read, so both layouts compute the same function
        // up to where they provably differ: the tap that samples a stride-2 grid (centre for
        // pytorch/examples' padded convolution, top-left for TensorFlow's SAME), transposed kernels
        // with taps {0, 1}² that equal nearest upsampling, convolution biases (cancelled by the
        // instance norms that follow; only the last survives), epsilon (negligible at these
        // variances) and the end: TensorFlow normalises the last convolution's output (in6) and maps
        // it through 150·tanh(·) + 127.5. So TF(x) = 150·tanh(s6·IN(PT(x)) + b6) + 127.5.
        SplittableRandom random = new SplittableRandom(21);
        Map<String, HostTensor> pytorch = new LinkedHashMap<>();
        Map<String, HostTensor> tensorflow = new LinkedHashMap<>();
        for (ConvolutionSpec spec : TransformerNetwork.convolutions(TENSORFLOW)) {
            int out = spec.outputChannels();
            int in = spec.inputChannels();
            int k = spec.kernel();
            float[] pointwise = new float[out * in * k * k];
            float[] tensorflowWeight = new float[out * in * k * k];
            double bound = Math.sqrt(3.0 / in);
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    float mix = (float) random.nextDouble(-bound, bound);
                    pointwise[((o * in + i) * k + k / 2) * k + k / 2] = mix;
                    if (spec.upsampling()) {
                        for (int r = 0; r < 2; r++) {
                            for (int c = 0; c < 2; c++) {
                                tensorflowWeight[((i * out + o) * k + r) * k + c] = mix;
                            }
                        }
                    } else if (spec.stride() == 2) {
                        tensorflowWeight[(o * in + i) * k * k] = mix;
                    } else {
                        tensorflowWeight[((o * in + i) * k + k / 2) * k + k / 2] = mix;
                    }
                }
            }
            pytorch.put(TransformerNetwork.weightKey(PYTORCH, spec), new HostTensor(
                    TransformerNetwork.weightShape(PYTORCH, spec), pointwise));
            pytorch.put(spec.name() + ".conv2d.bias", new HostTensor(new long[] {out}, uniform(random, out, -5, 5)));
            tensorflow.put(TransformerNetwork.weightKey(TENSORFLOW, spec), new HostTensor(
                    TransformerNetwork.weightShape(TENSORFLOW, spec), tensorflowWeight));
            boolean last = spec.name().equals("deconv3");
            float[] scale = last ? uniform(random, out, 0.3, 0.6) : uniform(random, out, 10, 30);
            float[] shift = last ? uniform(random, out, -0.2, 0.2) : uniform(random, out, -10, 10);
            tensorflow.put(spec.norm() + ".weight", new HostTensor(new long[] {out}, scale));
            tensorflow.put(spec.norm() + ".bias", new HostTensor(new long[] {out}, shift));
            if (!last) {
                pytorch.put(spec.norm() + ".weight", new HostTensor(new long[] {out}, scale));
                pytorch.put(spec.norm() + ".bias", new HostTensor(new long[] {out}, shift));
            }
        }
        NDArray image = manager.randomUniform(0, 255, new Shape(1, 3, 16, 20));
        double[][][] pytorchOutput;
        double[][][] tensorflowOutput;
        try (TransformerNetwork pytorchNetwork = TransformerNetwork.fromStateDict(PYTORCH,
                new StateDict(Path.of("pointwise-pytorch"), pytorch), manager);
                TransformerNetwork tensorflowNetwork = TransformerNetwork.fromStateDict(TENSORFLOW,
                        new StateDict(Path.of("pointwise-tensorflow"), tensorflow), manager)) {
            pytorchOutput = ReferenceConvolution.planes(pytorchNetwork.forward(image));
            tensorflowOutput = ReferenceConvolution.planes(tensorflowNetwork.forward(image));
        }
        assertThat(tensorflowOutput[0].length).isEqualTo(16);
        assertThat(tensorflowOutput[0][0].length).isEqualTo(20);
        float[] scale = tensorflow.get("in6.weight").values();
        float[] shift = tensorflow.get("in6.bias").values();
        double spread = 0;
        for (int c = 0; c < 3; c++) {
            double[] channel = flatten(pytorchOutput[c]);
            double mean = 0;
            for (double value : channel) {
                mean += value / channel.length;
            }
            double variance = 0;
            for (double value : channel) {
                variance += (value - mean) * (value - mean) / channel.length;
            }
            double[] produced = flatten(tensorflowOutput[c]);
            double low = Double.MAX_VALUE;
            double high = -Double.MAX_VALUE;
            for (int i = 0; i < channel.length; i++) {
                double normalized = (channel[i] - mean) / Math.sqrt(variance + 1e-3);
                double expected = 150 * Math.tanh(scale[c] * normalized + shift[c]) + 127.5;
                assertThat(produced[i]).as("channel %d pixel %d", c, i).isCloseTo(expected, within(0.01));
                low = Math.min(low, produced[i]);
                high = Math.max(high, produced[i]);
            }
            spread = Math.max(spread, high - low);
        }
        assertThat(spread).as("the networks do not collapse to a constant").isGreaterThan(20);
    }

    private static float[] uniform(SplittableRandom random, int count, double low, double high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(low, high);
        }
        return values;
    }

    private static double[] flatten(double[][] plane) {
        double[] values = new double[plane.length * plane[0].length];
        for (int y = 0; y < plane.length; y++) {
            System.arraycopy(plane[y], 0, values, y * plane[0].length, plane[0].length);
        }
        return values;
    }
}
