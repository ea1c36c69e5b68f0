package dev.atelier.video.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames as pictures: natural order in a folder, number order for a pattern, and names for output frames. */
class ImageSequenceTest {
    @TempDir
    Path folder;

    private void picture(String name) {
        new ImageSaver().write(RgbImage.solid(4, 3, 0.5f, 0.5f, 0.5f), folder.resolve(name));
    }

    @Test
    void aFolderIsReadInNaturalOrderAndAPatternInNumberOrder() throws IOException {
        picture("frame10.png");
        picture("frame2.png");
        picture("frame1.png");
        Files.writeString(folder.resolve("notes.txt"), "not a frame");
        assertThat(ImageSequence.of(folder, 100).files()).extracting(file -> file.getFileName().toString())
                .containsExactly("frame1.png", "frame2.png", "frame10.png");

        Path numbered = Files.createDirectory(folder.resolve("numbered"));
        for (String name : new String[] {"f_0010.png", "f_0009.png", "f_0011.png", "g_0001.png"}) {
            new ImageSaver().write(RgbImage.solid(4, 3, 0, 0, 0), numbered.resolve(name));
        }
        assertThat(ImageSequence.of(numbered.resolve("f_%04d.png"), 100).files())
                .extracting(file -> file.getFileName().toString())
                .containsExactly("f_0009.png", "f_0010.png", "f_0011.png");
        assertThat(ImageSequence.compareNatural("a01b", "a1c")).isNegative();
    }

    @Test
    void emptyFoldersPatternsNamingNothingAndTooManyFramesAreRefused() {
        assertThatThrownBy(() -> ImageSequence.of(folder, 10)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds no pictures");
        assertThatThrownBy(() -> ImageSequence.of(folder.resolve("x_%03d.png"), 10))
                .isInstanceOf(BadInputException.class).hasMessageEndingWith("names no file");
        picture("a.png");
        picture("b.png");
        assertThatThrownBy(() -> ImageSequence.of(folder, 1)).isInstanceOf(BadInputException.class)
                .hasMessage(folder + ": more than max-frames 1 frames");
    }

    @Test
    void outputFramesAreNamedByThePatternOrNumberedInTheFolder() {
        assertThat(ImageSequence.frameFile(folder.resolve("out_%04d.jpg"), 7)).isEqualTo(folder.resolve("out_0007.jpg"));
        assertThat(ImageSequence.frameFile(folder.resolve("out_%d.png"), 12)).isEqualTo(folder.resolve("out_12.png"));
        assertThat(ImageSequence.frameFile(folder, 3)).isEqualTo(folder.resolve("frame_000003.png"));
        assertThat(ImageSequence.formatOf(folder.resolve("out_%04d.jpg"))).contains(OutputFormat.JPG);
        assertThat(ImageSequence.isPattern(folder.resolve("clip.mp4"))).isFalse();
    }
}
