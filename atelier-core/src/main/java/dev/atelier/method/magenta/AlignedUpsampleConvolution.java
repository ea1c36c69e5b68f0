package dev.atelier.method.magenta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.atelier.nn.GatherIndices;
import dev.atelier.nn.Layers;

/**
 * Nearest-neighbour x2 upsampling, reflection padding by one and a 3x3 convolution (the upsampling
 * layers of Johnson-style transformers), computed at the input's size as one 3x3 convolution with
 * four times the output channels, one group per output parity phase.
 *
 * <p>On the upsampled image the 3x3 window of output pixel (2m + a, 2n + b) covers source rows
 * m − 1 + ⌊(a − 1 + r) / 2⌋ + 1 for kernel rows r = 0, 1, 2 — rows m − 1, m for a = 0 and m, m + 1
 * for a = 1 — and likewise for columns. Placing each phase's summed taps in a 3x3 kernel around the
 * source pixel (zeros where a phase does not reach) makes all four phases line up on the same
 * source grid, so they come back interleaved by one reshape and transpose. {@link Layers}'s
 * {@code upsampleConvolution} uses 2x2 kernels instead (4/9 of the multiplications) but its phases
 * sit shifted against each other and are joined by slicing and stacking; at the Magenta
 * transformer's sizes (16 and 8 output channels, 1024x768) that joining cost more than the
 * multiplications saved: this form took about half the time. Reflection padding after upsampling
 * equals replication padding before, so borders are the same.
 */
public final class AlignedUpsampleConvolution {
    private AlignedUpsampleConvolution() {}

    /**
     * The phase kernel: output channel {@code (2a + b)·O + o}, tap (R, C) holds the sum of
     * {@code weight[o][i][r][c]} over the taps whose source row offset ⌊(a − 1 + r) / 2⌋ is R − 1
     * and column offset ⌊(b − 1 + c) / 2⌋ is C − 1.
     *
     * @param weight (O, I, 3, 3) row-major
     * @return (4·O, I, 3, 3) row-major
     */
    public static float[] kernel(float[] weight, int outputs, int inputs) {
        if (weight.length != outputs * inputs * 9) {
            throw new IllegalArgumentException("a 3x3 filter of " + outputs + " by " + inputs + " channels has "
                    + outputs * inputs * 9 + " values, got " + weight.length);
        }
        float[] result = new float[4 * outputs * inputs * 9];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int o = 0; o < outputs; o++) {
                    int channel = (a * 2 + b) * outputs + o;
                    for (int i = 0; i < inputs; i++) {
                        for (int r = 0; r < 3; r++) {
                            int row = Math.floorDiv(a - 1 + r, 2) + 1;
                            for (int c = 0; c < 3; c++) {
                                int column = Math.floorDiv(b - 1 + c, 2) + 1;
                                result[((channel * inputs + i) * 3 + row) * 3 + column] +=
                                        weight[((o * inputs + i) * 3 + r) * 3 + c];
                            }
                        }
                    }
                }
            }
        }
        return result;
    }

    /** The bias for the phase channels: {@code bias} once per phase. */
    public static float[] bias(float[] bias) {
        float[] result = new float[4 * bias.length];
        for (int phase = 0; phase < 4; phase++) {
            System.arraycopy(bias, 0, result, phase * bias.length, bias.length);
        }
        return result;
    }

    /**
     * @param input (N, I, H, W)
     * @param phaseKernel (4·O, I, 3, 3) from {@link #kernel}
     * @param phaseBias (4·O), or {@code null}
     * @return (N, O, 2H, 2W), attached to the input's manager
     */
    public static NDArray apply(NDArray input, NDArray phaseKernel, NDArray phaseBias) {
        return apply(input, phaseKernel, phaseBias, null);
    }

    /**
     * As {@link #apply(NDArray, NDArray, NDArray)}, the padding by a kept index from {@code indices}
     * (or {@code null}).
     */
    public static NDArray apply(NDArray input, NDArray phaseKernel, NDArray phaseBias, GatherIndices indices) {
        Shape shape = input.getShape();
        long images = shape.get(0);
        long height = shape.get(2);
        long width = shape.get(3);
        long outputs = phaseKernel.getShape().get(0) / 4;
        NDArray phases = Conv2d.conv2d(Layers.replicationPad(input, 1, indices), phaseKernel, phaseBias,
                new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
        return phases.reshape(images, 2, 2, outputs, height, width).transpose(0, 3, 4, 1, 5, 2)
                .reshape(images, outputs, 2 * height, 2 * width);
    }
}
