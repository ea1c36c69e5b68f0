package dev.atelier.color;

import dev.atelier.io.RgbImage;

/**
 * Colour preservation by luminance-only transfer (Gatys, Ecker, Bethge, Hertzmann and Shechtman,
 * "Controlling Perceptual Factors in Neural Style Transfer", CVPR 2017, sec. 5): keep the stylised
 * picture's luminance and the photo's colour, as jcjohnson/neural-style's {@code -original_colors}
 * does in YUV. Because every channel of the YUV-to-RGB transform carries Y with weight 1, taking
 * Y from one picture and U, V from the other is {@code photo + (Y_stylised - Y_photo)} on each
 * channel, which is how it is computed here.
 *
 * <p>Unlike {@link ColorTransfer}, which recolours the painting before a method sees it, this
 * works after the fact: the photo's colours come out exactly (up to clamping), and whatever the
 * method learnt of the painting — an embedding, statistics — stays independent of the photo.
 */
public final class LuminanceTransfer {
    /** Rec. 601 luma weights, as YUV uses. */
    static final float RED = 0.299f;
    static final float GREEN = 0.587f;
    static final float BLUE = 0.114f;

    private LuminanceTransfer() {}

    /** {@code stylized}'s luminance with {@code photo}'s colour; both the same size; clamped to [0, 1]. */
    public static RgbImage keepColors(RgbImage stylized, RgbImage photo) {
        if (stylized.width() != photo.width() || stylized.height() != photo.height()) {
            throw new IllegalArgumentException("luminance transfer needs pictures of one size, got "
                    + stylized.width() + "x" + stylized.height() + " and " + photo.width() + "x" + photo.height());
        }
        float[] styled = stylized.sharedPlanes();
        float[] original = photo.sharedPlanes();
        int pixels = photo.pixelCount();
        float[] result = new float[3 * pixels];
        for (int i = 0; i < pixels; i++) {
            float difference = luminance(styled, i, pixels) - luminance(original, i, pixels);
            for (int c = 0; c < 3; c++) {
                result[c * pixels + i] = Math.max(0, Math.min(1, original[c * pixels + i] + difference));
            }
        }
        return RgbImage.wrap(photo.width(), photo.height(), result);
    }

    private static float luminance(float[] planes, int pixel, int pixels) {
        return RED * planes[pixel] + GREEN * planes[pixels + pixel] + BLUE * planes[2 * pixels + pixel];
    }
}
