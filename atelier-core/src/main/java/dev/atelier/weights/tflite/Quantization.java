package dev.atelier.weights.tflite;

import java.util.Arrays;

/**
 * How a tensor's integers map to real numbers: {@code real = scale * (q - zeroPoint)}, with one
 * scale (per tensor) or one per index of {@code dimension} (per axis, e.g. per output channel).
 *
 * @param scales one or more scales; empty when the tensor is not quantised
 * @param zeroPoints as many zero points as scales (a file may leave them out: then all 0)
 * @param dimension the axis the scales run along when there is more than one
 * @param custom whether the file describes the quantisation in a custom form Atelier cannot read
 */
public record Quantization(float[] scales, long[] zeroPoints, int dimension, boolean custom) {
    static final Quantization NONE = new Quantization(new float[0], new long[0], 0, false);

    public Quantization {
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    /** Whether the tensor is quantised at all. */
    public boolean isPresent() {
        return scales.length > 0 || custom;
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quantization that && Arrays.equals(scales, that.scales)
                && Arrays.equals(zeroPoints, that.zeroPoints) && dimension == that.dimension && custom == that.custom;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + dimension;
    }

    @Override
    public String toString() {
        return scales.length == 0 ? "none" : scales.length + " scale(s) along dimension " + dimension;
    }
}
