package dev.atelier.method.magenta;
import dev.atelier.testing.ReferenceConvolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aligned phase form against upsampling, reflection padding and convolution written out. */
class AlignedUpsampleConvolutionTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void phaseKernelOfASingleTapByHand() {
        // One channel, the filter's only tap at kernel row 0, column 2 (weight 1). Output phase
        // (0, 0) reads it at source offset (floor(-1/2), floor(1/2)) = (-1, 0), i.e. kernel tap (0, 1);
        // phase (0, 1) at (-1, floor(2/2) = 1): tap (0, 2); phase (1, 0) at (floor(0/2) = 0, 0): (1, 1);
        // phase (1, 1) at (0, 1): (1, 2).
        float[] weight = new float[9];
        weight[2] = 1;
        float[] kernel = AlignedUpsampleConvolution.kernel(weight, 1, 1);
        int[] expectedTaps = {1, 2, 4, 5};
        for (int phase = 0; phase < 4; phase++) {
            for (int tap = 0; tap < 9; tap++) {
                assertThat(kernel[phase * 9 + tap]).as("phase %d tap %d", phase, tap)
                        .isEqualTo(tap == expectedTaps[phase] ? 1f : 0f);
            }
        }
    }

    @Test
    void equalsUpsamplingThenReflectionPaddedConvolution() {
        SplittableRandom random = new SplittableRandom(9);
        int[][] cases = {{3, 2, 5, 7}, {4, 3, 2, 2}, {2, 5, 6, 3}};
        for (int[] c : cases) {
            NDArray input = random(random, 1, c[0], c[2], c[3]);
            NDArray weight = random(random, c[1], c[0], 3, 3);
            NDArray bias = random(random, c[1]);
            NDArray kernel = manager.create(AlignedUpsampleConvolution.kernel(weight.toFloatArray(), c[1], c[0]),
                    new Shape(4L * c[1], c[0], 3, 3));
            NDArray output = AlignedUpsampleConvolution.apply(input, kernel,
                    manager.create(AlignedUpsampleConvolution.bias(bias.toFloatArray())));

            double[] biases = new double[c[1]];
            float[] stored = bias.toFloatArray();
            for (int o = 0; o < c[1]; o++) {
                biases[o] = stored[o];
            }
            double[][][] expected = ReferenceConvolution.correlate(
                    ReferenceConvolution.upsampleNearest(ReferenceConvolution.planes(input)),
                    ReferenceConvolution.kernels(weight), biases, 1, 1, 2 * c[2], 2 * c[3], ReferenceConvolution.REFLECT);
            assertThat(output.getShape()).isEqualTo(new Shape(1, c[1], 2L * c[2], 2L * c[3]));
            double[][][] actual = ReferenceConvolution.planes(output);
            for (int o = 0; o < c[1]; o++) {
                for (int y = 0; y < 2 * c[2]; y++) {
                    for (int x = 0; x < 2 * c[3]; x++) {
                        assertThat(actual[o][y][x]).isCloseTo(expected[o][y][x], within(1e-5));
                    }
                }
            }
        }
    }

    private NDArray random(SplittableRandom random, long... shape) {
        float[] values = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return manager.create(values, new Shape(shape));
    }
}
