package dev.atelier.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.UnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding FFmpeg, and the one line that says how to get it. */
class FfmpegToolsTest {
    @TempDir
    Path folder;

    @Test
    void aMissingFfmpegIsOneLineSayingHowToInstallIt() {
        assertThatThrownBy(() -> FfmpegTools.locate(Map.of("PATH", folder.toString())))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("ffmpeg is not installed (not on the PATH): video needs FFmpeg; install FFmpeg (Debian and "
                        + "Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set ATELIER_FFMPEG to the "
                        + "ffmpeg program");
        assertThatThrownBy(() -> FfmpegTools.locate(Map.of("ATELIER_FFMPEG", folder.resolve("ffmpeg").toString())))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("ATELIER_FFMPEG names " + folder.resolve("ffmpeg") + ", which is not an "
                        + "executable file");
    }

    @Test
    void theSystemsProgramsAreFoundOnThePathOrThroughTheVariable() throws Exception {
        FfmpegTools system = FfmpegTools.locate();
        assertThat(system.ffmpeg()).isExecutable();
        assertThat(system.ffprobe()).isExecutable();
        // A copy of ffmpeg named by the variable, with ffprobe looked for beside it, then on the PATH.
        Path copy = Files.copy(system.ffmpeg(), folder.resolve("ffmpeg"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        FfmpegTools named = FfmpegTools.locate(Map.of("ATELIER_FFMPEG", copy.toString(), "PATH",
                system.ffprobe().getParent().toString()));
        assertThat(named.ffmpeg()).isEqualTo(copy);
        assertThat(named.ffprobe()).isEqualTo(system.ffprobe());
    }
}
