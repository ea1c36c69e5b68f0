package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Each channel's count, mean and sum of squared deviations over feature maps seen in parts (the
 * tiles of a picture), pooled exactly as if the parts had been one map (Chan, Golub and LeVeque's
 * pairwise update, in double precision).
 */
public final class ChannelMoments {
    private final double[] mean;
    private final double[] squares;
    private long count;

    public ChannelMoments(int channels) {
        this.mean = new double[channels];
        this.squares = new double[channels];
    }

    /** Adds every position of {@code features} (1, C, h, w). */
    public void add(NDArray features) {
        Shape shape = features.getShape();
        if (shape.get(0) != 1 || shape.get(1) != mean.length) {
            throw new IllegalArgumentException("expected (1, " + mean.length + ", h, w) features, got " + shape);
        }
        long positions = shape.get(2) * shape.get(3);
        if (positions == 0) {
            return;
        }
        NDArray flat = features.reshape(mean.length, positions);
        NDArray partMean = flat.mean(new int[] {1}, true);
        float[] means = partMean.toFloatArray();
        float[] deviations = flat.sub(partMean).square().sum(new int[] {1}).toFloatArray();
        double total = count + positions;
        for (int c = 0; c < mean.length; c++) {
            double delta = means[c] - mean[c];
            mean[c] += delta * positions / total;
            squares[c] += deviations[c] + delta * delta * count * positions / total;
        }
        count += positions;
    }

    public long count() {
        return count;
    }

    public float[] mean() {
        float[] values = new float[mean.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = (float) mean[c];
        }
        return values;
    }

    /** The population variance (divided by the count). */
    public float[] populationVariance() {
        return variance(count);
    }

    /** The unbiased variance (divided by the count less one). */
    public float[] unbiasedVariance() {
        return variance(Math.max(1, count - 1));
    }

    private float[] variance(long divisor) {
        float[] values = new float[mean.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = (float) (squares[c] / divisor);
        }
        return values;
    }
}
