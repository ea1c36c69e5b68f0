package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.Constants;
import java.util.List;

/**
 * Gram matrices of feature maps: for each image, the C x C matrix of inner products between its
 * channels' activations over all positions, {@code G = F Fᵀ} with F the C x (H·W) feature matrix
 * (Gatys et al. 2016, eq. 3). They keep which features occur together and drop where: texture.
 */
public final class GramMatrix {
    private GramMatrix() {}

    /** Unnormalised Gram matrices, shape (N, C, C), of an (N, C, H, W) batch. */
    public static NDArray of(NDArray features) {
        Shape shape = features.getShape();
        NDArray matrix = features.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
        return matrix.batchMatMul(matrix.transpose(0, 2, 1));
    }

    /**
     * Gram matrices divided by the layer size C·H·W, which keeps values near 1 whatever the image size
     * (and keeps float32 far from overflow at high resolution).
     */
    public static NDArray normalized(NDArray features) {
        return Constants.dividedBy(of(features), layerSize(features));
    }

    /**
     * The guided Gram matrix of Gatys et al. 2017 ("Controlling perceptual factors in neural style
     * transfer", sec. 4, spatial control): the Gram matrix of the features weighted by a region's
     * guidance channel, {@code (F∘m)(F∘m)ᵀ}, divided by {@code C·Σm²} so that for a mask of ones it
     * equals {@link #normalized} and otherwise is the Gram matrix of the region alone, comparable to a
     * painting's.
     *
     * @param mask (1, 1, H, W) weights in [0, 1] at the features' resolution
     * @param maskSquareSum {@code Σm²} over the mask, greater than 0
     */
    public static NDArray guided(NDArray features, NDArray mask, double maskSquareSum) {
        return Constants.dividedBy(of(features.mul(mask)), features.getShape().get(1) * maskSquareSum);
    }

    /**
     * The weighted mean {@code Σ wᵢ Gᵢ / Σ wᵢ} of equally shaped Gram matrices: the target for
     * several paintings at once (jcjohnson/neural-style's style blend weights). Attached to the
     * first matrix's manager.
     */
    public static NDArray blend(List<NDArray> grams, double[] weights) {
        if (grams.size() != weights.length || grams.isEmpty()) {
            throw new IllegalArgumentException(grams.size() + " Gram matrices for " + weights.length + " weights");
        }
        double sum = 0;
        for (double weight : weights) {
            sum += weight;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("blend weights must add up to more than 0");
        }
        NDArray blended = null;
        for (int i = 0; i < weights.length; i++) {
            NDArray part = Constants.times(grams.get(i), weights[i] / sum);
            blended = blended == null ? part : blended.add(part);
        }
        return blended;
    }

    /** C·H·W of one image's feature map. */
    public static long layerSize(NDArray features) {
        Shape shape = features.getShape();
        return shape.get(1) * shape.get(2) * shape.get(3);
    }
}
