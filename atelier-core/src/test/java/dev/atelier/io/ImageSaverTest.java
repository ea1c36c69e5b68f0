package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.InvalidOptionException;
import dev.atelier.testing.TestPictures;
import dev.atelier.UnavailableException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSaverTest {

    @TempDir
    Path folder;

    private final ImageSaver saver = new ImageSaver();

    @Test
    void pngKeepsEveryEightBitValue() throws Exception {
        RgbImage image = levels();
        Path file = folder.resolve("result.png");

        saver.write(image, file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(new ImageLoader().read(file)).isEqualTo(image);
    }

    @Test
    void jpegIsAPlainThreeChannelFileWithFullResolutionColour() throws Exception {
        Path file = folder.resolve("result.jpg");

        saver.write(RgbImage.solid(16, 16, 0.8f, 0.2f, 0.1f), file);

        byte[] jpeg = Files.readAllBytes(file);
        int frame = TestImages.startOfFrame(jpeg);
        assertThat(frame).isPositive();
        assertThat(jpeg[frame + 7]).as("components").isEqualTo((byte) 3);
        for (int component = 0; component < 3; component++) {
            assertThat(jpeg[frame + 9 + 3 * component]).as("sampling of component %d", component)
                    .isEqualTo((byte) 0x11);
        }
        // Any other decoder (here the JDK's, not the one Atelier reads with) sees the same colour.
        BufferedImage decoded = ImageIO.read(file.toFile());
        assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(3);
        int rgb = decoded.getRGB(8, 8);
        assertThat(new float[] {(rgb >> 16 & 0xff) / 255f, (rgb >> 8 & 0xff) / 255f, (rgb & 0xff) / 255f})
                .containsExactly(new float[] {0.8f, 0.2f, 0.1f}, within(0.02f));
    }

    @Test
    void jpegRoundTripStaysCloseToTheOriginal() throws Exception {
        RgbImage image = smoothGradient(64, 48);
        Path file = folder.resolve("result.JPEG");

        saver.write(image, file);
        RgbImage back = new ImageLoader().read(file);

        assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
        float worst = 0;
        for (int i = 0; i < image.sharedPlanes().length; i++) {
            worst = Math.max(worst, Math.abs(image.sharedPlanes()[i] - back.sharedPlanes()[i]));
        }
        assertThat(worst).isLessThan(0.03f);
    }

    @Test
    void unsupportedExtensionIsRefusedNamingTheFormatsThereAre() {
        Path file = folder.resolve("result.xyz");
        assertThatThrownBy(() -> saver.write(RgbImage.solid(2, 2, 0, 0, 0), file))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(file + ": unsupported image format '.xyz' (use one of png, jpg, ");
        assertThatThrownBy(() -> saver.write(RgbImage.solid(2, 2, 0, 0, 0), folder.resolve("result")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("no file extension");
        assertThat(folder).isEmptyDirectory();
    }

    /**
     * Every format an image writer on the class path offers writes a picture that reads back: PNG
     * exactly, the others close (JPEG lossy, GIF through a palette).
     */
    @Test
    void everyWritableFormatWritesAPictureThatReadsBack() throws java.io.IOException {
        RgbImage picture = TestPictures.photo(24, 16, 3);
        assertThat(OutputFormat.names()).startsWith("png", "jpg").contains("bmp", "gif", "tiff");
        for (OutputFormat format : OutputFormat.all()) {
            Path file = folder.resolve("result." + format.extension());
            saver.write(picture, file);
            java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(file.toFile());
            assertThat(read).as(format.name()).isNotNull();
            RgbImage back = RgbImage.fromBufferedImage(read);
            assertThat(back.width()).as(format.name()).isEqualTo(24);
            double error = 0;
            float[] expected = picture.sharedPlanes();
            float[] actual = back.sharedPlanes();
            for (int i = 0; i < expected.length; i++) {
                error = Math.max(error, Math.abs(expected[i] - actual[i]));
            }
            assertThat(error).as(format.name()).isLessThan(format.equals(OutputFormat.PNG) ? 0.003
                    : format.name().equals("gif") ? 0.35 : format.equals(OutputFormat.JPG) ? 0.25 : 0.003);
        }
    }

    @Test
    void missingOutputFolderIsReported() {
        // Relative, as typed on a command line: the message repeats the user's own words.
        Path missing = Path.of("no-such-output-folder");
        Path file = missing.resolve("x.png");
        assertThat(missing).doesNotExist();

        assertThatThrownBy(() -> saver.write(RgbImage.solid(2, 2, 0, 0, 0), file))
                .isInstanceOf(UnavailableException.class)
                .hasMessage(file + ": output folder 'no-such-output-folder' does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void overwritingLeavesOnlyTheNewImage() throws Exception {
        Path file = folder.resolve("result.png");
        saver.write(RgbImage.solid(4, 4, 1, 0, 0), file);

        saver.write(RgbImage.solid(4, 4, 0, 0, 1), file);

        assertThat(new ImageLoader().read(file).pixel(1, 1)).containsExactly(0f, 0f, 1f);
        assertThat(AtomicFilesTest.filesIn(folder)).containsExactly("result.png");
    }

    @Test
    void formatComesFromTheExtensionInAnyCase() {
        assertThat(OutputFormat.of("output", Path.of("a.PNG"))).isEqualTo(OutputFormat.PNG);
        assertThat(OutputFormat.of("output", Path.of("a.jpg"))).isEqualTo(OutputFormat.JPG);
        assertThat(OutputFormat.of("output", Path.of("dir.v2/a.Jpeg"))).isEqualTo(OutputFormat.JPG);
    }

    /** 256 columns holding every 8-bit level, different in each channel. */
    private static RgbImage levels() {
        float[] planes = new float[3 * 256 * 2];
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 2; y++) {
                planes[y * 256 + x] = x / 255f;
                planes[512 + y * 256 + x] = (255 - x) / 255f;
                planes[1024 + y * 256 + x] = ((x * 37) % 256) / 255f;
            }
        }
        return RgbImage.wrap(256, 2, planes);
    }

    private static RgbImage smoothGradient(int width, int height) {
        float[] planes = new float[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                planes[y * width + x] = (float) x / width;
                planes[width * height + y * width + x] = (float) y / height;
                planes[2 * width * height + y * width + x] = 0.5f;
            }
        }
        return RgbImage.wrap(width, height, planes);
    }
}
