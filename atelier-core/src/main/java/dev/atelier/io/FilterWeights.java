package dev.atelier.io;

import java.util.Arrays;

/**
 * Precomputed Catmull-Rom weights for resampling one axis from {@code inputSize} to
 * {@code outputSize} samples: for each output sample, the first source sample it reads, how many
 * consecutive ones, and their weights (which sum to 1).
 *
 * <p>When shrinking, the kernel is stretched by the shrink factor so that every source pixel
 * contributes (antialiasing); taps that fall outside the image read the edge pixel, which is
 * folded into the edge weight so each output reads one contiguous run of source samples.
 */
final class FilterWeights {

    /** Catmull-Rom is zero from distance 2 on. */
    private static final double KERNEL_RADIUS = 2.0;

    final int[] first;
    final int[] count;
    /** Weights of output {@code i} start at {@code i * stride}. */
    final float[] weights;
    final int stride;

    private FilterWeights(int[] first, int[] count, float[] weights, int stride) {
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.stride = stride;
    }

    static FilterWeights catmullRom(int inputSize, int outputSize) {
        double scale = (double) inputSize / outputSize;
        double stretch = Math.max(scale, 1.0);
        double support = KERNEL_RADIUS * stretch;
        int stride = Math.min((int) Math.ceil(2 * support) + 1, inputSize);
        int[] first = new int[outputSize];
        int[] count = new int[outputSize];
        float[] weights = new float[outputSize * stride];
        double[] taps = new double[stride];
        for (int output = 0; output < outputSize; output++) {
            // Pixel j covers [j, j + 1) so its centre is j + 0.5; both axes are aligned at the edges.
            double center = (output + 0.5) * scale;
            int low = (int) Math.ceil(center - support - 0.5);
            int high = (int) Math.floor(center + support - 0.5);
            int firstSource = clamp(low, inputSize);
            int lastSource = clamp(high, inputSize);
            Arrays.fill(taps, 0.0);
            double total = 0.0;
            for (int source = low; source <= high; source++) {
                double weight = kernel((source + 0.5 - center) / stretch);
                if (weight != 0.0) {
                    taps[clamp(source, inputSize) - firstSource] += weight;
                    total += weight;
                }
            }
            first[output] = firstSource;
            count[output] = lastSource - firstSource + 1;
            for (int tap = 0; tap < count[output]; tap++) {
                weights[output * stride + tap] = (float) (taps[tap] / total);
            }
        }
        return new FilterWeights(first, count, weights, stride);
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }

    /** Keys' cubic with a = -0.5 (Catmull-Rom): interpolating, C1-smooth, mild overshoot. */
    static double kernel(double distance) {
        double x = Math.abs(distance);
        if (x < 1.0) {
            return (1.5 * x - 2.5) * x * x + 1.0;
        }
        if (x < 2.0) {
            return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0;
        }
        return 0.0;
    }
}
