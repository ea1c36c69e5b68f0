package dev.atelier.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Moves pixels between AWT images and CHW float planes.
 *
 * <p>Samples are read straight from the raster wherever the colour model allows it, because the
 * AWT conversion paths ({@code getRGB}, {@code Graphics2D.drawImage}) treat gray images as linear
 * light and brighten them, and quantise 16-bit images to 8 bits. Only colour spaces that are neither
 * sRGB nor gray (an ICC profile kept by the decoder) go through {@code getRGB}, which converts them
 * to sRGB properly.
 */
final class BufferedImageConversion {

    private BufferedImageConversion() {
    }

    static float[] toPlanes(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette);
        }
        if (hasPlainSamples(model, image.getRaster())) {
            return fromSamples(image.getRaster(), model);
        }
        return fromArgb(image);
    }

    static BufferedImage toIntRgb(RgbImage image) {
        int width = image.width();
        int height = image.height();
        int area = width * height;
        float[] planes = image.sharedPlanes();
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int offset = y * width;
            for (int x = 0; x < width; x++) {
                int index = offset + x;
                row[x] = toByte(planes[index]) << 16
                        | toByte(planes[area + index]) << 8
                        | toByte(planes[2 * area + index]);
            }
            result.getRaster().setDataElements(0, y, width, 1, row);
        }
        return result;
    }

    private static int toByte(float value) {
        // Written so that NaN fails the first test and becomes 0.
        return value > 0f ? (value < 1f ? (int) (value * 255f + 0.5f) : 255) : 0;
    }

    /** Integer samples of at most 16 bits in sRGB or gray: their values can be scaled directly. */
    private static boolean hasPlainSamples(ColorModel model, Raster raster) {
        if (!(model instanceof ComponentColorModel || model instanceof DirectColorModel)) {
            return false;
        }
        int transferType = raster.getTransferType();
        if (transferType != DataBuffer.TYPE_BYTE && transferType != DataBuffer.TYPE_USHORT
                && transferType != DataBuffer.TYPE_INT) {
            return false;
        }
        for (int size : model.getComponentSize()) {
            if (size < 1 || size > 16) {
                return false;
            }
        }
        ColorSpace space = model.getColorSpace();
        boolean gray = space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
        boolean srgb = space.isCS_sRGB() && model.getNumColorComponents() == 3;
        return gray || srgb;
    }

    private static float[] fromSamples(Raster raster, ColorModel model) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int area = width * height;
        int colorBands = model.getNumColorComponents();
        boolean hasAlpha = model.hasAlpha();
        boolean premultiplied = model.isAlphaPremultiplied();
        float[] planes = new float[3 * area];
        int[] samples = new int[width];
        float[] alpha = new float[width];
        for (int y = 0; y < height; y++) {
            int offset = y * width;
            if (hasAlpha) {
                float alphaMaximum = maximum(model, colorBands);
                raster.getSamples(0, y, width, 1, colorBands, samples);
                for (int x = 0; x < width; x++) {
                    alpha[x] = samples[x] / alphaMaximum;
                }
            }
            for (int band = 0; band < colorBands; band++) {
                float bandMaximum = maximum(model, band);
                raster.getSamples(0, y, width, 1, band, samples);
                int planeStart = band * area + offset;
                for (int x = 0; x < width; x++) {
                    float value = samples[x] / bandMaximum;
                    if (hasAlpha) {
                        value = overWhite(value, alpha[x], premultiplied);
                    }
                    planes[planeStart + x] = value;
                }
            }
            if (colorBands == 1) {
                System.arraycopy(planes, offset, planes, area + offset, width);
                System.arraycopy(planes, offset, planes, 2 * area + offset, width);
            }
        }
        return planes;
    }

    /** The largest value of a band's samples; dividing (not multiplying by its inverse) makes v / 255 exact. */
    private static float maximum(ColorModel model, int band) {
        return (1 << model.getComponentSize(band)) - 1;
    }

    private static float overWhite(float value, float alpha, boolean premultiplied) {
        float background = 1f - alpha;
        return premultiplied ? value + background : value * alpha + background;
    }

    private static float[] fromPalette(Raster raster, IndexColorModel palette) {
        // Sized for every index a raster sample can hold: a short palette leaves the rest black.
        int sampleBits = Math.min(raster.getSampleModel().getSampleSize(0), 16);
        int entries = Math.max(palette.getMapSize(), 1 << sampleBits);
        float[][] lookup = new float[3][entries];
        for (int entry = 0; entry < palette.getMapSize(); entry++) {
            float alpha = palette.getAlpha(entry) / 255f;
            lookup[0][entry] = overWhite(palette.getRed(entry) / 255f, alpha, false);
            lookup[1][entry] = overWhite(palette.getGreen(entry) / 255f, alpha, false);
            lookup[2][entry] = overWhite(palette.getBlue(entry) / 255f, alpha, false);
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int area = width * height;
        float[] planes = new float[3 * area];
        int[] indices = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, indices);
            int offset = y * width;
            for (int x = 0; x < width; x++) {
                int entry = indices[x];
                planes[offset + x] = lookup[0][entry];
                planes[area + offset + x] = lookup[1][entry];
                planes[2 * area + offset + x] = lookup[2][entry];
            }
        }
        return planes;
    }

    private static float[] fromArgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        float[] planes = new float[3 * area];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            int offset = y * width;
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                float alpha = (argb >>> 24) / 255f;
                planes[offset + x] = overWhite(((argb >> 16) & 0xff) / 255f, alpha, false);
                planes[area + offset + x] = overWhite(((argb >> 8) & 0xff) / 255f, alpha, false);
                planes[2 * area + offset + x] = overWhite((argb & 0xff) / 255f, alpha, false);
            }
        }
        return planes;
    }
}
