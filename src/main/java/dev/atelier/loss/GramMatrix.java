package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import ai.djl.ndarray.types.Shape;

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

    /** C·H·W of one image's feature map. */
    public static long layerSize(NDArray features) {
        Shape shape = features.getShape();
        return shape.get(1) * shape.get(2) * shape.get(3);
    }
}
