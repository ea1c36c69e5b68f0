package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem with an input file is a one-line message naming the file. */
class ImageLoaderErrorsTest {

    @TempDir
    Path folder;

    private final ImageLoader loader = new ImageLoader();

    @Test
    void missingFile() {
        Path file = folder.resolve("nope.png");
        assertRefused(file).hasMessage(file + ": file not found");
    }

    @Test
    void folderInsteadOfFile() {
        assertRefused(folder).hasMessage(folder + ": is a folder, not an image file");
    }

    @Test
    void emptyFile() throws Exception {
        Path file = TestImages.write(folder.resolve("empty.jpg"), new byte[0]);
        assertRefused(file).hasMessage(file + ": file is empty");
    }

    @Test
    void textFile() throws Exception {
        Path file = TestImages.write(folder.resolve("notes.png"),
                "these are not pixels\n".getBytes(StandardCharsets.UTF_8));
        assertRefused(file).hasMessage(file + ": not an image (expected JPEG or PNG)");
    }

    @Test
    void otherImageFormatsAreNamed() throws Exception {
        BufferedImage picture = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        Path gif = TestImages.write(folder.resolve("a.gif"), TestImages.encode(picture, "gif"));
        Path bmp = TestImages.write(folder.resolve("a.bmp"), TestImages.encode(picture, "bmp"));

        assertRefused(gif).hasMessage(gif + ": unsupported format GIF (expected JPEG or PNG)");
        assertRefused(bmp).hasMessage(bmp + ": unsupported format BMP (expected JPEG or PNG)");
    }

    @Test
    void truncatedJpeg() throws Exception {
        byte[] jpeg = TestImages.encode(noise(128, 96), "jpeg");
        Path file = TestImages.write(folder.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));

        // The JDK decoder only warns here ("premature end ...") and fills the missing part with gray.
        assertRefused(file).hasMessageStartingWith(file + ": damaged or truncated JPEG image (")
                .hasMessageContaining("premature end");
    }

    @Test
    void jpegCutInsideItsHeaders() throws Exception {
        byte[] jpeg = TestImages.encode(noise(16, 16), "jpeg");
        Path file = TestImages.write(folder.resolve("stub.jpg"), Arrays.copyOf(jpeg, 40));

        assertRefused(file).hasMessageStartingWith(file + ": damaged or truncated JPEG image (");
    }

    @Test
    void truncatedPng() throws Exception {
        byte[] png = TestImages.encode(noise(128, 96), "png");
        Path file = TestImages.write(folder.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));

        assertRefused(file).hasMessageStartingWith(file + ": damaged or truncated PNG image (");
    }

    @Test
    void pngSignatureFollowedByGarbage() throws Exception {
        byte[] bytes = new byte[200];
        new Random(3).nextBytes(bytes);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
        Path file = TestImages.write(folder.resolve("garbage.png"), bytes);

        assertRefused(file).hasMessageStartingWith(file + ": damaged or truncated PNG image (");
    }

    @Test
    void zeroSizeImage() throws Exception {
        Path file = TestImages.write(folder.resolve("zero.png"), TestImages.pngClaimingSize(0, 10));
        assertRefused(file).hasMessage(file + ": image has zero size (0 x 10)");
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        Path file = TestImages.write(folder.resolve("huge.png"), TestImages.pngClaimingSize(100_000, 100_000));

        // Decoding would need 30 GB; refusing from the header is instant.
        BadInputException refusal = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Assertions.assertThrows(BadInputException.class, () -> loader.read(file)));

        assertThat(refusal).hasMessage(file + ": image is 100000 x 100000 (10000.0 megapixels),"
                + " over the 50 megapixel limit (raise it with max-pixels)");
    }

    @Test
    void hugeJpegIsRefusedFromItsHeader() throws Exception {
        byte[] jpeg = TestImages.encode(noise(16, 16), "jpeg");
        int frame = TestImages.startOfFrame(jpeg);
        ByteBuffer.wrap(jpeg).putShort(frame + 3, (short) 60000).putShort(frame + 5, (short) 50000);
        Path file = TestImages.write(folder.resolve("huge.jpg"), jpeg);

        assertRefused(file).hasMessage(file + ": image is 50000 x 60000 (3000.0 megapixels),"
                + " over the 50 megapixel limit (raise it with max-pixels)");
    }

    @Test
    void thePixelLimitIsConfigurable() throws Exception {
        Path file = TestImages.write(folder.resolve("small.png"), TestImages.encode(noise(100, 50), "png"));

        assertThatThrownBy(() -> new ImageLoader(new ReadOptions(4_999)).read(file))
                .hasMessage(file + ": image is 100 x 50 (0.005 megapixels), over the 0.004999 megapixel limit"
                        + " (raise it with max-pixels)");
        assertThat(new ImageLoader(new ReadOptions(5_000)).read(file).pixelCount()).isEqualTo(5_000);
    }

    @Test
    void nonsensicalLimitIsRefused() {
        assertThatThrownBy(() -> new ReadOptions(0)).isInstanceOf(InvalidOptionException.class)
                .hasMessage("max-pixels: must be at least 1, got 0");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> loader.read(file))
                .isInstanceOf(BadInputException.class)
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(42);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }
}
