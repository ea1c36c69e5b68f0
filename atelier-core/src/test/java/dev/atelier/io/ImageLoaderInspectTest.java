package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading only an image's header: what a server does before accepting an upload. */
class ImageLoaderInspectTest {

    @TempDir
    Path folder;

    @Test
    void readsFormatAndStoredSizeOfJpegAndPng() throws Exception {
        BufferedImage picture = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        Path jpeg = TestImages.write(folder.resolve("a.jpg"), TestImages.encode(picture, "jpeg"));
        Path png = TestImages.write(folder.resolve("a.png"), TestImages.encode(picture, "png"));

        assertThat(new ImageLoader().inspect(jpeg)).isEqualTo(new ImageHeader(ImageFormat.JPEG, 30, 20));
        assertThat(new ImageLoader().inspect(png)).isEqualTo(new ImageHeader(ImageFormat.PNG, 30, 20));
        assertThat(new ImageLoader().inspect(png).pixels()).isEqualTo(600);
    }

    @Test
    void refusesAnImageOverThePixelLimitFromItsHeaderAlone() throws Exception {
        // The header claims 100000 x 100000 pixels, and no pixel data follows: decoding would fail
        // differently, so the refusal shows that only the header was read.
        Path huge = TestImages.write(folder.resolve("huge.png"), TestImages.pngClaimingSize(100_000, 100_000));

        assertThatThrownBy(() -> new ImageLoader(new ReadOptions(1_000_000)).inspect(huge))
                .isInstanceOf(BadInputException.class)
                .hasMessage(huge + ": image is 100000 x 100000 (10000.0 megapixels), over the 1 megapixel limit"
                        + " (raise it with max-pixels)");
    }

    @Test
    void refusesWhatIsNotAnImage() throws Exception {
        Path text = TestImages.write(folder.resolve("notes.png"), "not pixels".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new ImageLoader().inspect(text)).isInstanceOf(BadInputException.class)
                .hasMessage(text + ": not an image (expected JPEG or PNG)");
    }
}
