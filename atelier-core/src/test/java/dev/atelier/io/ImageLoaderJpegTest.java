package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JPEG colours, including print-workflow CMYK and YCCK files, and EXIF orientation. */
class ImageLoaderJpegTest {

    /** JPEG is lossy; flat patches at high quality stay within a few levels. */
    private static final float JPEG_TOLERANCE = 0.03f;

    /** Patch colours, one 8-pixel-wide patch each: cyan, magenta, yellow, no ink, black, red (M+Y). */
    private static final int[][] INKS = {
        {255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 0}, {0, 0, 0, 255}, {0, 255, 255, 0},
    };
    private static final float[][] EXPECTED_RGB = {
        {0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1}, {0, 0, 0}, {1, 0, 0},
    };

    @TempDir
    Path folder;

    private final ImageLoader loader = new ImageLoader();

    @Test
    void readsRgbJpegWithinCompressionTolerance() throws Exception {
        BufferedImage source = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                source.setRGB(x, y, x < 16 ? 0xcc3311 : 0x2277ee);
            }
        }

        RgbImage image = loader.read(TestImages.write(folder.resolve("photo.jpg"), TestImages.encode(source, "jpeg")));

        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(16);
        assertThat(image.pixel(4, 8)).containsExactly(new float[] {0xcc / 255f, 0x33 / 255f, 0x11 / 255f},
                within(JPEG_TOLERANCE));
        assertThat(image.pixel(28, 8)).containsExactly(new float[] {0x22 / 255f, 0x77 / 255f, 0xee / 255f},
                within(JPEG_TOLERANCE));
    }

    @Test
    void readsGrayJpegWithUnchangedValues() throws Exception {
        BufferedImage source = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        source.getRaster().setSamples(0, 0, 16, 16, 0, filled(256, 128));

        RgbImage image = loader.read(TestImages.write(folder.resolve("gray.jpg"), TestImages.encode(source, "jpeg")));

        assertThat(image.pixel(8, 8)).containsExactly(new float[] {128 / 255f, 128 / 255f, 128 / 255f},
                within(2 / 255f));
    }

    @Test
    void readsAdobeCmykJpegInTheRightColours() throws Exception {
        // Adobe applications store CMYK inverted (255 = no ink) and mark it with an APP14 segment.
        WritableRaster raster = patches(inks -> new int[] {255 - inks[0], 255 - inks[1], 255 - inks[2], 255 - inks[3]});
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.jpegOfRaster(raster), TestImages.adobeSegment(0));

        RgbImage image = loader.read(TestImages.write(folder.resolve("print.jpg"), jpeg));

        assertPatches(image);
    }

    @Test
    void readsYcckJpegInTheRightColours() throws Exception {
        // YCCK: the ink amounts of C, M, Y go through the YCbCr transform as if they were R, G, B;
        // K is stored inverted, as in Adobe CMYK.
        WritableRaster raster = patches(inks -> {
            double c = inks[0];
            double m = inks[1];
            double y = inks[2];
            return new int[] {
                clamp(0.299 * c + 0.587 * m + 0.114 * y),
                clamp(-0.168736 * c - 0.331264 * m + 0.5 * y + 128),
                clamp(0.5 * c - 0.418688 * m - 0.081312 * y + 128),
                255 - inks[3],
            };
        });
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.jpegOfRaster(raster), TestImages.adobeSegment(2));

        RgbImage image = loader.read(TestImages.write(folder.resolve("ycck.jpg"), jpeg));

        assertPatches(image);
    }

    /**
     * A 40 x 20 landscape picture with a red top-left corner and a blue top-right corner, tagged
     * with each EXIF orientation: where the corners land is what a photo viewer shows.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, width, height, red corner x, y, blue corner x, y (corners as 0 = low, 1 = high)
        "1, 40, 20, 0, 0, 1, 0",
        "2, 40, 20, 1, 0, 0, 0",
        "3, 40, 20, 1, 1, 0, 1",
        "4, 40, 20, 0, 1, 1, 1",
        "5, 20, 40, 0, 0, 0, 1",
        "6, 20, 40, 1, 0, 1, 1",
        "7, 20, 40, 1, 1, 1, 0",
        "8, 20, 40, 0, 1, 0, 0",
    })
    void appliesExifOrientation(int orientation, int width, int height, int redX, int redY, int blueX, int blueY)
            throws Exception {
        BufferedImage source = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                boolean top = y < 8;
                source.setRGB(x, y, top && x < 8 ? 0xff0000 : top && x >= 32 ? 0x0000ff : 0xffffff);
            }
        }
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.encode(source, "jpeg"),
                TestImages.exifSegment(orientation));

        RgbImage image = loader.read(TestImages.write(folder.resolve("photo-" + orientation + ".jpg"), jpeg));

        assertThat(image.width()).isEqualTo(width);
        assertThat(image.height()).isEqualTo(height);
        assertThat(cornerPixel(image, redX, redY)).containsExactly(new float[] {1, 0, 0}, within(0.1f));
        assertThat(cornerPixel(image, blueX, blueY)).containsExactly(new float[] {0, 0, 1}, within(0.1f));
    }

    private static float[] cornerPixel(RgbImage image, int high, int low) {
        int x = high == 1 ? image.width() - 2 : 1;
        int y = low == 1 ? image.height() - 2 : 1;
        return image.pixel(x, y);
    }

    private interface InkEncoding {
        int[] samples(int[] inks);
    }

    private static WritableRaster patches(InkEncoding encoding) {
        int width = 8 * INKS.length;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, 8, 4, null);
        for (int x = 0; x < width; x++) {
            int[] samples = encoding.samples(INKS[x / 8]);
            for (int y = 0; y < 8; y++) {
                raster.setPixel(x, y, samples);
            }
        }
        return raster;
    }

    private static void assertPatches(RgbImage image) {
        assertThat(image.width()).isEqualTo(8 * INKS.length);
        for (int patch = 0; patch < INKS.length; patch++) {
            assertThat(image.pixel(8 * patch + 4, 4)).as("patch %d", patch)
                    .containsExactly(EXPECTED_RGB[patch], within(JPEG_TOLERANCE));
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static int[] filled(int length, int value) {
        int[] values = new int[length];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
