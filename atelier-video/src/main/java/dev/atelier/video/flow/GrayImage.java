package dev.atelier.video.flow;

import dev.atelier.io.RgbImage;

/**
 * A grey picture for optical flow: luma (ITU-R BT.601 weights) on a 0–255 scale, row by row. The
 * scale is that of the 8-bit frames the thresholds of DIS (Kroeger et al. 2016) were tuned on.
 */
public final class GrayImage {
    private final int width;
    private final int height;
    private final float[] values;

    private GrayImage(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.values = values;
    }

    /** An image over {@code values} (row-major, {@code width * height}), which it takes without copying. */
    public static GrayImage wrap(int width, int height, float[] values) {
        if (width < 1 || height < 1 || values.length != width * height) {
            throw new IllegalArgumentException("a " + width + " x " + height + " grey image needs " + width * height
                    + " values, got " + values.length);
        }
        return new GrayImage(width, height, values);
    }

    /** The luma of an RGB picture, 0–255. */
    public static GrayImage of(RgbImage image) {
        int area = image.pixelCount();
        float[] planes = image.sharedPlanes();
        float[] luma = new float[area];
        for (int i = 0; i < area; i++) {
            luma[i] = 255f * (0.299f * planes[i] + 0.587f * planes[area + i] + 0.114f * planes[2 * area + i]);
        }
        return new GrayImage(image.width(), image.height(), luma);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The values themselves (row-major); treat as read-only. */
    float[] values() {
        return values;
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /**
     * Half the size, each value the mean of a 2 x 2 block (an odd last row or column is dropped): the
     * centre of pixel {@code (x, y)} here lies at {@code (2x + 0.5, 2y + 0.5)} in this image's parent.
     */
    GrayImage halved() {
        int halfWidth = Math.max(1, width / 2);
        int halfHeight = Math.max(1, height / 2);
        float[] half = new float[halfWidth * halfHeight];
        for (int y = 0; y < halfHeight; y++) {
            int top = Math.min(2 * y, height - 1) * width;
            int bottom = Math.min(2 * y + 1, height - 1) * width;
            for (int x = 0; x < halfWidth; x++) {
                int left = Math.min(2 * x, width - 1);
                int right = Math.min(2 * x + 1, width - 1);
                half[y * halfWidth + x] = 0.25f * (values[top + left] + values[top + right] + values[bottom + left]
                        + values[bottom + right]);
            }
        }
        return new GrayImage(halfWidth, halfHeight, half);
    }

    /** Bilinear value at a real position, the border repeated beyond the edges. */
    float sample(float x, float y) {
        return Bilinear.sample(values, width, height, x, y);
    }
}
