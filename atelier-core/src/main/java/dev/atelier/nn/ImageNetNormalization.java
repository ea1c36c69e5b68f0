package dev.atelier.nn;

import ai.djl.ndarray.NDArray;

/**
 * The per-channel mean and standard deviation torchvision's ImageNet models were trained with, for
 * RGB in [0, 1]. VGG expects {@code (rgb - mean) / std}.
 */
public final class ImageNetNormalization {
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetNormalization() {}

    /** {@code (rgb - mean) / std} for an (N, 3, H, W) batch of RGB in [0, 1]. */
    public static NDArray normalize(NDArray rgb) {
        return rgb.sub(column(rgb, MEAN)).div(column(rgb, STD));
    }

    /** The inverse of {@link #normalize}. */
    public static NDArray denormalize(NDArray normalized) {
        return normalized.mul(column(normalized, STD)).add(column(normalized, MEAN));
    }

    /** Per-channel bounds of the normalised image for RGB in [0, 1]: {@code lower[c], upper[c]}. */
    public static float[][] bounds() {
        float[] lower = new float[3];
        float[] upper = new float[3];
        for (int c = 0; c < 3; c++) {
            lower[c] = -MEAN[c] / STD[c];
            upper[c] = (1 - MEAN[c]) / STD[c];
        }
        return new float[][] {lower, upper};
    }

    private static NDArray column(NDArray like, float[] values) {
        return Constants.vector(like, values).reshape(1, 3, 1, 1);
    }
}
