package dev.atelier.method;

import com.google.gson.JsonArray;
import dev.atelier.InvalidOptionException;
import java.util.Arrays;
import java.util.List;

/** Blend weights of several paintings, checked and scaled to sum to 1, the same for every method. */
public final class StyleWeights {
    private StyleWeights() {}

    /**
     * The weights scaled to sum to 1; none given means equal weights.
     *
     * @throws InvalidOptionException naming {@code style-weights} (or {@code style}) when they do not fit
     */
    public static double[] normalized(List<Double> weights, int styleCount) {
        if (styleCount == 0) {
            throw new InvalidOptionException("style", "at least one painting is needed");
        }
        if (weights == null || weights.isEmpty()) {
            double[] equal = new double[styleCount];
            Arrays.fill(equal, 1.0 / styleCount);
            return equal;
        }
        if (weights.size() != styleCount) {
            throw new InvalidOptionException("style-weights", weights.size() + " weights for " + styleCount
                    + " paintings; give one weight per painting");
        }
        double sum = 0;
        for (double weight : weights) {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new InvalidOptionException("style-weights", "must be finite and non-negative, got " + weight);
            }
            sum += weight;
        }
        if (sum == 0) {
            throw new InvalidOptionException("style-weights", "must not all be zero");
        }
        double[] normalized = new double[styleCount];
        for (int i = 0; i < styleCount; i++) {
            normalized[i] = weights.get(i) / sum;
        }
        return normalized;
    }

    /**
     * Checks that paintings, masks and blend weights fit together, the same for every method that
     * takes several paintings: at least one painting, one mask per painting, one weight per painting,
     * and weights or masks, not both.
     *
     * @throws InvalidOptionException naming the option that does not fit
     */
    public static void checkFit(List<Double> weights, int styleCount, int maskCount) {
        if (maskCount > 0 && maskCount != styleCount && styleCount > 0) {
            throw new InvalidOptionException("style-masks", maskCount + " masks for " + styleCount
                    + " paintings; give one mask per painting");
        }
        normalized(weights, styleCount);
        if (maskCount > 0 && !weights.isEmpty()) {
            throw new InvalidOptionException("style-weights", "cannot be combined with {style-masks}: the masks say "
                    + "how much of each painting goes where");
        }
    }

    /** The normalised weights as a report shows them. */
    public static JsonArray json(List<Double> weights, int styleCount) {
        JsonArray array = new JsonArray();
        for (double weight : normalized(weights, styleCount)) {
            array.add(weight);
        }
        return array;
    }
}
