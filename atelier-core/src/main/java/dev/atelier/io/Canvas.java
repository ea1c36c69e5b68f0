package dev.atelier.io;

import java.util.Arrays;

/** A mutable picture to paste images onto; becomes an {@link RgbImage} once when done. */
final class Canvas {

    private final int width;
    private final int height;
    private float[] planes;

    Canvas(int width, int height, float[] background) {
        checkColour(background);
        this.width = width;
        this.height = height;
        int area = width * height;
        planes = new float[3 * area];
        for (int channel = 0; channel < 3; channel++) {
            Arrays.fill(planes, channel * area, (channel + 1) * area, background[channel]);
        }
    }

    /** Copies {@code image} with its top-left corner at {@code (x, y)}; it must fit. */
    void paste(RgbImage image, int x, int y) {
        int imageWidth = image.width();
        int imageHeight = image.height();
        if (x < 0 || y < 0 || x + imageWidth > width || y + imageHeight > height) {
            throw new IllegalArgumentException("a " + imageWidth + " x " + imageHeight + " image at (" + x
                    + ", " + y + ") does not fit a " + width + " x " + height + " canvas");
        }
        float[] source = image.sharedPlanes();
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < imageHeight; row++) {
                System.arraycopy(source, (channel * imageHeight + row) * imageWidth,
                        planes, (channel * height + y + row) * width + x, imageWidth);
            }
        }
    }

    /** The finished picture; the canvas cannot be used afterwards. */
    RgbImage toImage() {
        RgbImage image = RgbImage.wrap(width, height, planes);
        planes = null;
        return image;
    }

    /** Checks a background colour: three values in [0, 1]. */
    static void checkColour(float[] colour) {
        if (colour == null || colour.length != 3) {
            throw new IllegalArgumentException("a colour is three values (red, green, blue)");
        }
        for (float value : colour) {
            if (!(value >= 0f && value <= 1f)) {
                throw new IllegalArgumentException("colour values must be in [0, 1], got " + Arrays.toString(colour));
            }
        }
    }
}
