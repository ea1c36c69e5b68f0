package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.HostArrays;
import java.util.Arrays;

/**
 * Weights over the paintings of a network of several (Dumoulin et al.): which painting each image
 * is repainted in, or a blend of several.
 */
final class PaintingMix {
    private PaintingMix() {}

    /**
     * Blend weights checked and scaled to sum to 1 (the paper's convex combinations).
     *
     * @throws IllegalArgumentException for a count other than {@code styles}, a negative or
     *     non-finite weight, or weights summing to 0
     */
    static float[] normalised(double[] weights, int styles) {
        if (weights.length != styles) {
            throw new IllegalArgumentException(weights.length + " weights for " + styles + " paintings");
        }
        double sum = 0;
        for (double weight : weights) {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weights must be finite and at least 0, got "
                        + Arrays.toString(weights));
            }
            sum += weight;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("at least one weight must be above 0");
        }
        float[] mix = new float[styles];
        for (int i = 0; i < styles; i++) {
            mix[i] = (float) (weights[i] / sum);
        }
        return mix;
    }

    /** {@code rows} rows that each pick painting {@code index}: (rows, styles). */
    static NDArray oneHot(NDManager manager, int styles, int index, int rows) {
        float[] values = new float[rows * styles];
        for (int row = 0; row < rows; row++) {
            values[row * styles + index] = 1;
        }
        return HostArrays.of(manager, values, new Shape(rows, styles));
    }

    /** One row per image, image i picking painting {@code paintings[i]}: (N, styles). */
    static NDArray rows(NDManager manager, int styles, int[] paintings) {
        float[] values = new float[paintings.length * styles];
        for (int row = 0; row < paintings.length; row++) {
            values[row * styles + paintings[row]] = 1;
        }
        return HostArrays.of(manager, values, new Shape(paintings.length, styles));
    }
}
