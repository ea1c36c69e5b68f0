package dev.atelier.method.magenta;
import dev.atelier.testing.ReferenceConvolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.GatherIndices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rearranged convolution against the reflection-padded convolution written out as loops. */
class PhaseConvolutionTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void phaseKernelsHaveTheSizesWorkedOutByHand() {
        // Output phase a reads rows a .. a + k - 1 of the padded input, in input phases spanning
        // (a + k - 1) div f + 1 rows at most: 9 taps at f = 4 span 3, at f = 2 span 5; 3 taps at f = 4 span 2.
        assertThat(PhaseConvolution.phaseKernelSize(9, 4)).isEqualTo(3);
        assertThat(PhaseConvolution.phaseKernelSize(9, 2)).isEqualTo(5);
        assertThat(PhaseConvolution.phaseKernelSize(3, 4)).isEqualTo(2);
        assertThat(PhaseConvolution.phaseKernelSize(1, 4)).isEqualTo(1);
    }

    @Test
    void equalsTheReflectionPaddedConvolution() {
        SplittableRandom random = new SplittableRandom(5);
        int[][] cases = {{3, 8, 9, 4, 12, 16}, {8, 3, 9, 4, 16, 8}, {2, 5, 3, 2, 6, 10}, {4, 2, 5, 4, 8, 12}};
        for (int[] c : cases) {
            int inputs = c[0];
            int outputs = c[1];
            int kernel = c[2];
            int factor = c[3];
            NDArray input = random(random, 1, inputs, c[4], c[5]);
            NDArray weight = random(random, outputs, inputs, kernel, kernel);
            NDArray bias = random(random, outputs);
            int size = PhaseConvolution.phaseKernelSize(kernel, factor);
            NDArray phaseKernel = manager.create(PhaseConvolution.kernel(weight.toFloatArray(), outputs, inputs, kernel,
                    factor), new Shape((long) factor * factor * outputs, (long) factor * factor * inputs, size, size));
            NDArray phaseBias = manager.create(PhaseConvolution.bias(bias.toFloatArray(), factor));

            NDArray output = PhaseConvolution.apply(input, phaseKernel, phaseBias, kernel, factor);

            double[][][] expected = ReferenceConvolution.correlate(ReferenceConvolution.planes(input),
                    ReferenceConvolution.kernels(weight), toDoubles(bias.toFloatArray()), 1, kernel / 2, c[4], c[5],
                    ReferenceConvolution.REFLECT);
            assertThat(output.getShape()).isEqualTo(new Shape(1, outputs, c[4], c[5]));
            double[][][] actual = ReferenceConvolution.planes(output);
            for (int o = 0; o < outputs; o++) {
                for (int y = 0; y < c[4]; y++) {
                    for (int x = 0; x < c[5]; x++) {
                        assertThat(actual[o][y][x]).as("case %s, (%d, %d, %d)", java.util.Arrays.toString(c), o, y, x)
                                .isCloseTo(expected[o][y][x], within(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void thePhaseSplitByAKeptIndexGivesTheSameOutputExactly() {
        SplittableRandom random = new SplittableRandom(11);
        int inputs = 3;
        int outputs = 5;
        NDArray weight = random(random, outputs, inputs, 9, 9);
        NDArray phaseKernel = manager.create(PhaseConvolution.kernel(weight.toFloatArray(), outputs, inputs, 9, 4),
                new Shape(16L * outputs, 16L * inputs, 3, 3));
        try (GatherIndices indices = new GatherIndices(manager)) {
            for (int round = 0; round < 2; round++) {
                NDArray input = random(random, 1, inputs, 12, 20);
                NDArray gathered = PhaseConvolution.apply(input, phaseKernel, null, 9, 4);
                NDArray taken = PhaseConvolution.apply(input, phaseKernel, null, 9, 4, indices);
                assertThat(taken.getShape()).isEqualTo(gathered.getShape());
                assertThat(taken.toFloatArray()).as("round %d", round).isEqualTo(gathered.toFloatArray());
            }
            // One index, for the 16 phases of 3 channels over (12 / 4 + 2) x (20 / 4 + 2) positions.
            assertThat(indices.keptBytes()).isEqualTo(16L * inputs * 5 * 7 * Long.BYTES);
        }
    }

    @Test
    void sidesMustBeMultiplesOfTheFactor() {
        NDArray input = manager.zeros(new Shape(1, 1, 10, 12));
        NDArray kernel = manager.zeros(new Shape(16, 16, 3, 3));
        assertThatThrownBy(() -> PhaseConvolution.apply(input, kernel, null, 9, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private NDArray random(SplittableRandom random, long... shape) {
        float[] values = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return manager.create(values, new Shape(shape));
    }

    private static double[] toDoubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
