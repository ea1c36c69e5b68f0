package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.Constants;

/**
 * Adaptive instance normalisation (Huang and Belongie, ICCV 2017, eq. 8):
 * {@code AdaIN(x, y) = σ(y)·(x − μ(x))/σ(x) + μ(y)}, per image and channel. The content features
 * take on the style features' channel means and standard deviations, which is what carries style.
 *
 * <p>Statistics follow the reference code (naoto0804/pytorch-AdaIN, whose published decoder was
 * trained with them): unbiased variance plus ε = 1e-5 before the square root.
 */
public final class AdaptiveInstanceNorm {
    public static final double EPSILON = 1e-5;

    private AdaptiveInstanceNorm() {}

    /** Channel means, shape (N, C, 1, 1). */
    public static NDArray mean(NDArray features) {
        Shape shape = features.getShape();
        return flat(features).mean(new int[] {2}, true).reshape(shape.get(0), shape.get(1), 1, 1);
    }

    /** Channel standard deviations (unbiased, ε added to the variance), shape (N, C, 1, 1). */
    public static NDArray standardDeviation(NDArray features) {
        Shape shape = features.getShape();
        NDArray values = flat(features);
        long count = values.getShape().get(2);
        NDArray centered = values.sub(values.mean(new int[] {2}, true));
        NDArray variance = Constants.dividedBy(centered.square().sum(new int[] {2}, true), Math.max(1, count - 1));
        return Constants.plus(variance, EPSILON).sqrt().reshape(shape.get(0), shape.get(1), 1, 1);
    }

    /** Content features re-normalised to the style features' statistics. */
    public static NDArray apply(NDArray content, NDArray style) {
        return normalizeToStatistics(content, mean(style), standardDeviation(style));
    }

    /** Content features re-normalised to given channel means and deviations, each (N or 1, C, 1, 1). */
    public static NDArray normalizeToStatistics(NDArray content, NDArray styleMean, NDArray styleDeviation) {
        return normalizeWith(content, mean(content), standardDeviation(content), styleMean, styleDeviation);
    }

    /**
     * Content features normalised by given content statistics (those of the whole picture, for a
     * tile of it) and given the style's, each (N or 1, C, 1, 1).
     */
    public static NDArray normalizeWith(NDArray content, NDArray contentMean, NDArray contentDeviation,
            NDArray styleMean, NDArray styleDeviation) {
        NDArray normalized = content.sub(contentMean).div(contentDeviation);
        return normalized.mul(styleDeviation).add(styleMean);
    }

    /**
     * AdaIN within a region: content features normalised with the statistics of the positions a
     * mask selects (weighted by it, unbiased as above), then given the style's statistics. The
     * authors' code does this for spatial control, so each region takes its style's look whole.
     *
     * @param mask (1, 1, h, w) weights in [0, 1] summing to at least 2
     * @param styleMean the style's channel means, (1, C, 1, 1)
     * @param styleDeviation the style's channel deviations, (1, C, 1, 1)
     */
    public static NDArray normalizeRegion(NDArray content, NDArray mask, NDArray styleMean, NDArray styleDeviation) {
        Shape shape = content.getShape();
        NDArray values = flat(content);
        NDArray weights = flat(mask);
        NDArray mass = weights.sum(new int[] {2}, true);
        NDArray regionMean = values.mul(weights).sum(new int[] {2}, true).div(mass);
        NDArray centered = values.sub(regionMean);
        NDArray variance = centered.square().mul(weights).sum(new int[] {2}, true).div(Constants.plus(mass, -1));
        NDArray normalized = centered.div(Constants.plus(variance, EPSILON).sqrt()).reshape(shape);
        return normalized.mul(styleDeviation).add(styleMean);
    }

    private static NDArray flat(NDArray features) {
        Shape shape = features.getShape();
        return features.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
    }
}
