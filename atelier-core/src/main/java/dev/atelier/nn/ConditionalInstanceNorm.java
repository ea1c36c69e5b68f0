package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Conditional instance normalisation (Dumoulin, Shlens and Kudlur, "A Learned Representation for
 * Artistic Style", ICLR 2017): instance normalisation whose scale γ and shift β are not learnt
 * constants but chosen per style. In Ghiasi et al.'s arbitrary-style network they are affine
 * functions of a style embedding S: {@code γ = W_γ S + b_γ}, {@code β = W_β S + b_β}.
 *
 * <p>For spatial control the image may be split into soft regions, each with its own γ and β:
 * each region is normalised by its own (weighted) statistics and styled by its own parameters, and
 * the results are blended by the region weights (see {@link #apply}).
 */
public final class ConditionalInstanceNorm {
    /** Below this total weight a region is empty: it then contributes nothing anywhere. */
    private static final double EMPTY_REGION = 1e-12;

    private ConditionalInstanceNorm() {}

    /**
     * A layer's style parameters: a (C) scale and shift for the whole image ({@code regions} null),
     * or K regions' (K, C) scales and shifts with the regions' (K, h·w) weights at the layer's size,
     * non-negative and summing to 1 at every pixel.
     */
    public record Affine(NDArray scale, NDArray shift, NDArray regions) {
        public Affine(NDArray scale, NDArray shift) {
            this(scale, shift, null);
        }
    }

    /**
     * {@code embeddings · weight + bias}: one row of C parameters per embedding.
     *
     * @param embeddings (K, E)
     * @param weight (E, C), the transpose of a 1x1 convolution's filter
     * @param bias (C)
     * @return (K, C), attached to the embeddings' manager
     */
    public static NDArray parameters(NDArray embeddings, NDArray weight, NDArray bias) {
        return embeddings.matMul(weight).add(bias);
    }

    /**
     * Without regions, {@code (x - mean) / sqrt(var + epsilon) * scale + shift} with each channel's
     * mean and population variance over the image (of a batch of one or more images).
     *
     * <p>With regions (one image): for region k with weights w_k, {@code mean_k} and {@code var_k}
     * are the w_k-weighted mean and population variance of each channel, and
     * {@code y = Σ_k w_k(p) · ((x - mean_k) / sqrt(var_k + epsilon) · scale_k + shift_k)}. A region
     * covering the whole image is the plain norm; uniform weights give the plain norm with the
     * weights' blend of scales and shifts.
     */
    public static NDArray apply(NDArray input, Affine affine, double epsilon) {
        return apply(input, affine, epsilon, NormStatistics.own());
    }

    /**
     * As {@link #apply(NDArray, Affine, double)}, a norm without regions taking its statistics from
     * {@code statistics}; regions always use their own.
     */
    public static NDArray apply(NDArray input, Affine affine, double epsilon, NormStatistics statistics) {
        if (affine.regions() == null) {
            return statistics.instanceNorm(input, affine.scale(), affine.shift(), epsilon);
        }
        Shape shape = input.getShape();
        long channels = shape.get(1);
        long pixels = shape.get(2) * shape.get(3);
        NDArray regions = affine.regions();
        long count = regions.getShape().get(0);
        if (shape.get(0) != 1 || !regions.getShape().equals(new Shape(count, pixels))
                || !affine.scale().getShape().equals(new Shape(count, channels))) {
            throw new IllegalArgumentException("regions for " + shape + " need (K, " + pixels + ") weights and (K, "
                    + channels + ") scales, got " + regions.getShape() + " and " + affine.scale().getShape());
        }
        NDArray flat = input.reshape(channels, pixels);
        NDArray totals = regions.sum(new int[] {1}).maximum(EMPTY_REGION);
        NDArray means = flat.matMul(regions.transpose()).div(totals);
        NDList variances = new NDList();
        for (int k = 0; k < count; k++) {
            // Two passes (centre, then square) keep float32 exact enough where a channel's mean is
            // large against its spread.
            NDArray centered = flat.sub(means.get(":, " + k + ":" + (k + 1)));
            variances.add(centered.square().matMul(regions.get(k + ":" + (k + 1)).transpose()));
        }
        NDArray variance = NDArrays.concat(variances, 1).div(totals);
        NDArray gain = affine.scale().transpose().div(variance.add(epsilon).sqrt());
        NDArray offset = affine.shift().transpose().sub(means.mul(gain));
        return flat.mul(gain.matMul(regions)).add(offset.matMul(regions)).reshape(shape);
    }
}
