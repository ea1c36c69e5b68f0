package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG colour types and bit depths come out as the exact RGB values a viewer shows. */
class ImageLoaderPngTest {

    private static final float EXACT = 1e-6f;

    @TempDir
    Path folder;

    private final ImageLoader loader = new ImageLoader();

    @Test
    void readsEightBitRgb() throws Exception {
        BufferedImage source = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        source.setRGB(0, 0, 0xff0000);
        source.setRGB(1, 0, 0x00ff00);
        source.setRGB(2, 0, 0x0000ff);
        source.setRGB(0, 1, 0x102030);
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(2);

        RgbImage image = loader.read(TestImages.write(folder.resolve("rgb.png"), png));

        assertThat(image.width()).isEqualTo(3);
        assertThat(image.height()).isEqualTo(2);
        assertPixel(image, 0, 0, 1f, 0f, 0f);
        assertPixel(image, 1, 0, 0f, 1f, 0f);
        assertPixel(image, 2, 0, 0f, 0f, 1f);
        assertPixel(image, 0, 1, 0x10 / 255f, 0x20 / 255f, 0x30 / 255f);
    }

    @Test
    void eightBitGrayKeepsItsValues() throws Exception {
        BufferedImage source = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        source.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isZero();

        RgbImage image = loader.read(TestImages.write(folder.resolve("gray.png"), png));

        assertPixel(image, 0, 0, 0f, 0f, 0f);
        // Drawing this image through Java2D would show 128 as about 0.73: it treats gray as linear.
        assertPixel(image, 1, 0, 128 / 255f, 128 / 255f, 128 / 255f);
        assertPixel(image, 2, 0, 1f, 1f, 1f);
    }

    @Test
    void sixteenBitGrayKeepsItsFullPrecision() throws Exception {
        BufferedImage source = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        source.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1000, 32768, 65535});
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngBitDepth(png)).isEqualTo(16);

        RgbImage image = loader.read(TestImages.write(folder.resolve("gray16.png"), png));

        float thousand = 1000 / 65535f;
        assertPixel(image, 1, 0, thousand, thousand, thousand);
        assertPixel(image, 2, 0, 32768 / 65535f, 32768 / 65535f, 32768 / 65535f);
        assertPixel(image, 3, 0, 1f, 1f, 1f);
    }

    @Test
    void sixteenBitRgbKeepsItsFullPrecision() throws Exception {
        BufferedImage source = sixteenBit(ColorSpace.CS_sRGB, false, 2, 1);
        source.getRaster().setPixel(0, 0, new int[] {12345, 0, 65535});
        source.getRaster().setPixel(1, 0, new int[] {257, 40000, 1});
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(2);
        assertThat(TestImages.pngBitDepth(png)).isEqualTo(16);

        RgbImage image = loader.read(TestImages.write(folder.resolve("rgb16.png"), png));

        assertPixel(image, 0, 0, 12345 / 65535f, 0f, 1f);
        assertPixel(image, 1, 0, 257 / 65535f, 40000 / 65535f, 1 / 65535f);
    }

    @Test
    void paletteEntriesAreLookedUp() throws Exception {
        byte[] reds = {(byte) 255, 0, 0, (byte) 200};
        byte[] greens = {0, (byte) 255, 0, 100};
        byte[] blues = {0, 0, (byte) 255, 50};
        IndexColorModel palette = new IndexColorModel(2, 4, reds, greens, blues);
        BufferedImage source = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        source.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {3, 2, 1, 0});
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(3);

        RgbImage image = loader.read(TestImages.write(folder.resolve("palette.png"), png));

        assertPixel(image, 0, 0, 200 / 255f, 100 / 255f, 50 / 255f);
        assertPixel(image, 1, 0, 0f, 0f, 1f);
        assertPixel(image, 3, 0, 1f, 0f, 0f);
    }

    @Test
    void transparencyIsCompositedOverWhite() throws Exception {
        BufferedImage source = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        source.setRGB(0, 0, 0x80ff0000); // half-transparent red
        source.setRGB(1, 0, 0x00000000); // fully transparent black
        source.setRGB(2, 0, 0xff0000ff); // opaque blue
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(6);

        RgbImage image = loader.read(TestImages.write(folder.resolve("alpha.png"), png));

        assertThat(image.pixel(0, 0)).containsExactly(new float[] {1f, 0.5f, 0.5f}, within(0.01f));
        assertPixel(image, 1, 0, 1f, 1f, 1f);
        assertPixel(image, 2, 0, 0f, 0f, 1f);
    }

    @Test
    void grayWithAlphaIsCompositedOverWhite() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0, 128}); // black at about half opacity
        raster.setPixel(1, 0, new int[] {100, 255}); // opaque gray
        BufferedImage source = new BufferedImage(model, raster, false, null);
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(4);

        RgbImage image = loader.read(TestImages.write(folder.resolve("gray-alpha.png"), png));

        float overWhite = 1f - 128 / 255f;
        assertPixel(image, 0, 0, overWhite, overWhite, overWhite);
        assertPixel(image, 1, 0, 100 / 255f, 100 / 255f, 100 / 255f);
    }

    @Test
    void sixteenBitRgbaIsCompositedOverWhite() throws Exception {
        BufferedImage source = sixteenBit(ColorSpace.CS_sRGB, true, 1, 1);
        source.getRaster().setPixel(0, 0, new int[] {0, 65535, 0, 16384});
        byte[] png = TestImages.encode(source, "png");
        assertThat(TestImages.pngColourType(png)).isEqualTo(6);

        RgbImage image = loader.read(TestImages.write(folder.resolve("rgba16.png"), png));

        float alpha = 16384 / 65535f;
        assertPixel(image, 0, 0, 1 - alpha, 1f, 1 - alpha);
    }

    @Test
    void exifOrientationInAPngIsApplied() throws Exception {
        BufferedImage source = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        source.setRGB(0, 0, 0xff0000); // top-left marked red
        byte[] png = TestImages.insertAfterIhdr(TestImages.encode(source, "png"),
                TestImages.pngChunk("eXIf", TestImages.exifTiff(8)));

        RgbImage image = loader.read(TestImages.write(folder.resolve("turned.png"), png));

        // Orientation 8: turned a quarter counter-clockwise, the top-left corner lands bottom-left.
        assertThat(image.width()).isEqualTo(2);
        assertThat(image.height()).isEqualTo(4);
        assertPixel(image, 0, 3, 1f, 0f, 0f);
        assertPixel(image, 0, 0, 0f, 0f, 0f);
    }

    @Test
    void theFileExtensionDoesNotMatter() throws Exception {
        BufferedImage source = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        source.setRGB(0, 0, 0x336699);

        RgbImage image = loader.read(TestImages.write(folder.resolve("really-a-png.jpg"),
                TestImages.encode(source, "png")));

        assertPixel(image, 0, 0, 0x33 / 255f, 0x66 / 255f, 0x99 / 255f);
    }

    private static BufferedImage sixteenBit(int colourSpace, boolean alpha, int width, int height) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(colourSpace), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    static void assertPixel(RgbImage image, int x, int y, float red, float green, float blue) {
        assertThat(image.pixel(x, y)).as("pixel (%d, %d)", x, y)
                .containsExactly(new float[] {red, green, blue}, within(EXACT));
    }
}
