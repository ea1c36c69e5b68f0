package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Conditional instance normalisation (Dumoulin, Shlens and Kudlur, "A Learned Representation for
 * Artistic Style", ICLR 2017): instance normalisation whose scale γ and shift β are not learnt
 * constants but chosen per style. In Ghiasi et al.'s arbitrary-style network they are affine
 * functions of a style embedding S: {@code γ = W_γ S + b_γ}, {@code β = W_β S + b_β}.
 *
 * <p>The scale and shift may also vary across the image, (1, C, h, w) maps instead of (C)
 * vectors: the normalisation statistics stay the whole image's, only the affine part changes.
 */
public final class ConditionalInstanceNorm {
    private ConditionalInstanceNorm() {}

    /** A layer's scale and shift: (C) vectors, or (1, C, h, w) maps of the layer's size. */
    public record Affine(NDArray scale, NDArray shift) {}

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
     * {@code (x - mean) / sqrt(var + epsilon) * scale + shift}, with the mean and the population
     * variance of each channel over the whole image.
     */
    public static NDArray apply(NDArray input, Affine affine, double epsilon) {
        NDArray scale = affine.scale();
        if (scale.getShape().dimension() == 1) {
            return Layers.instanceNorm(input, scale, affine.shift(), epsilon);
        }
        Shape shape = input.getShape();
        if (shape.get(0) != 1 || !scale.getShape().equals(new Shape(1, shape.get(1), shape.get(2), shape.get(3)))) {
            throw new IllegalArgumentException("a scale map for " + shape + " is (1, " + shape.get(1) + ", "
                    + shape.get(2) + ", " + shape.get(3) + "), got " + scale.getShape());
        }
        NDArray unit = input.getManager().ones(new Shape(shape.get(1)), input.getDataType());
        NDArray zero = input.getManager().zeros(new Shape(shape.get(1)), input.getDataType());
        return Layers.instanceNorm(input, unit, zero, epsilon).mul(scale).add(affine.shift());
    }
}
