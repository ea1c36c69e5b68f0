package dev.atelier.io;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An RGB picture as the networks see it: planar float32 samples in [0, 1], layout CHW (the sample
 * for channel {@code c} at {@code (x, y)} is at {@code c * height * width + y * width + x}), so the
 * planes become a {@code (1, 3, height, width)} tensor without reordering.
 *
 * <p>Immutable as long as nobody writes into the array handed out by {@link #sharedPlanes()} or
 * given to {@link #wrap}; those two exist so hot paths (tensor conversion, resizing) avoid copying
 * hundreds of megabytes. Colours are sRGB-encoded values (not linear light), the way images are
 * stored and the way ImageNet-trained networks were trained.
 */
public final class RgbImage {

    /** Most pixels one image can hold: three float planes must fit one Java array. */
    public static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private final int width;
    private final int height;
    private final float[] planes;

    private RgbImage(int width, int height, float[] planes) {
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    /** An image over a copy of {@code planes} (CHW, length {@code 3 * width * height}). */
    public static RgbImage of(int width, int height, float[] planes) {
        return wrap(width, height, planes.clone());
    }

    /**
     * An image that takes ownership of {@code planes} without copying; the caller must not change
     * the array afterwards.
     */
    public static RgbImage wrap(int width, int height, float[] planes) {
        checkSize(width, height);
        if (planes.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + " x " + height + " RGB image needs "
                    + 3L * width * height + " samples, got " + planes.length);
        }
        return new RgbImage(width, height, planes);
    }

    /** A single-colour image; {@code red}, {@code green}, {@code blue} in [0, 1]. */
    public static RgbImage solid(int width, int height, float red, float green, float blue) {
        checkSize(width, height);
        int area = width * height;
        float[] planes = new float[3 * area];
        Arrays.fill(planes, 0, area, red);
        Arrays.fill(planes, area, 2 * area, green);
        Arrays.fill(planes, 2 * area, 3 * area, blue);
        return new RgbImage(width, height, planes);
    }

    /**
     * Converts any decoded image to RGB: gray and 16-bit samples keep their exact values (scaled by
     * the sample's maximum), palette entries are looked up, and transparency is composited over
     * white, which is how an artist sees a transparent PNG on a page.
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        return wrap(image.getWidth(), image.getHeight(), BufferedImageConversion.toPlanes(image));
    }

    /**
     * An 8-bit {@link BufferedImage#TYPE_INT_RGB} copy, samples clamped to [0, 1] and rounded to the
     * nearest of 256 levels (NaN becomes 0).
     */
    public BufferedImage toBufferedImage() {
        return BufferedImageConversion.toIntRgb(this);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of pixels, {@code width * height}. */
    public int pixelCount() {
        return width * height;
    }

    /** One sample: {@code channel} 0 = red, 1 = green, 2 = blue. */
    public float sample(int channel, int x, int y) {
        if (channel < 0 || channel > 2 || x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("sample (" + channel + ", " + x + ", " + y
                    + ") outside a " + width + " x " + height + " RGB image");
        }
        return planes[(channel * height + y) * width + x];
    }

    /** The pixel at {@code (x, y)} as {@code {red, green, blue}}. */
    public float[] pixel(int x, int y) {
        return new float[] {sample(0, x, y), sample(1, x, y), sample(2, x, y)};
    }

    /** A copy of the CHW samples, safe to modify. */
    public float[] planes() {
        return planes.clone();
    }

    /**
     * The CHW samples themselves, without copying, for hot paths. Treat as read-only: writing into
     * it changes this image and every image that shares it.
     */
    public float[] sharedPlanes() {
        return planes;
    }

    /** The {@code cropWidth x cropHeight} region whose top-left corner is at {@code (x, y)}. */
    public RgbImage crop(int x, int y, int cropWidth, int cropHeight) {
        checkSize(cropWidth, cropHeight);
        if (x < 0 || y < 0 || x + cropWidth > width || y + cropHeight > height) {
            throw new IllegalArgumentException("crop " + cropWidth + " x " + cropHeight + " at (" + x
                    + ", " + y + ") does not fit in a " + width + " x " + height + " image");
        }
        float[] result = new float[3 * cropWidth * cropHeight];
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < cropHeight; row++) {
                System.arraycopy(planes, (channel * height + y + row) * width + x,
                        result, (channel * cropHeight + row) * cropWidth, cropWidth);
            }
        }
        return new RgbImage(cropWidth, cropHeight, result);
    }

    /** Images are equal when they have the same size and exactly the same samples. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RgbImage image
                && image.width == width
                && image.height == height
                && Arrays.equals(image.planes, planes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(planes);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + " x " + height + "]";
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1 x 1, got "
                    + width + " x " + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("a " + width + " x " + height
                    + " image is larger than the " + MAX_PIXELS + " pixels one image can hold");
        }
    }
}
