package dev.atelier.studio;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small image files made with the JDK's own encoders. */
final class TestPictures {
    private TestPictures() {}

    /** A PNG of one colour. */
    static byte[] png(int width, int height, Color colour) {
        return encode(solid(width, height, colour), "png");
    }

    /** A JPEG of one colour. */
    static byte[] jpeg(int width, int height, Color colour) {
        return encode(solid(width, height, colour), "jpeg");
    }

    /** The colour of the pixel at the centre of an encoded image. */
    static Color centre(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, format, bytes);
            return bytes.toByteArray();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
