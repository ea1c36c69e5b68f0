package dev.atelier.method.magenta;

import java.util.Arrays;

/**
 * A painting reduced to what the style transfer network uses: the style prediction network's
 * 100 values (Ghiasi et al.'s style vector S). Held in Java memory, so a batch can predict a
 * painting's embedding once and reuse it for every photo; immutable.
 */
public record StyleEmbedding(float[] values) {
    public StyleEmbedding {
        if (values.length != StylePredictionNetwork.EMBEDDING_SIZE) {
            throw new IllegalArgumentException("a style embedding has " + StylePredictionNetwork.EMBEDDING_SIZE
                    + " values, got " + values.length);
        }
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("a style embedding's values must be finite, got " + value);
            }
        }
        values = values.clone();
    }

    /** A copy of the 100 values. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** {@code Σ weights[i] · embeddings[i]}, computed in double. */
    static float[] combine(StyleEmbedding[] embeddings, double[] weights) {
        double[] sum = new double[StylePredictionNetwork.EMBEDDING_SIZE];
        for (int i = 0; i < embeddings.length; i++) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += weights[i] * embeddings[i].values[j];
            }
        }
        float[] result = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            result[j] = (float) sum[j];
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StyleEmbedding embedding && Arrays.equals(values, embedding.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "StyleEmbedding" + Arrays.toString(Arrays.copyOf(values, 4)).replace("]", ", ...]");
    }
}
