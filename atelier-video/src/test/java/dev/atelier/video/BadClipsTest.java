package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad or unusual clip: refused in one line naming the file (BadInputException: exit 3;
 * messages name options as {key}, which front ends spell as their flags)
 * before any output exists, or repainted with a warning where Atelier can keep its promises (odd
 * sides, rotation, variable rate, 10-bit samples, transparency).
 */
class BadClipsTest {
    @TempDir
    Path folder;

    private Path output() {
        return folder.resolve("out.mp4");
    }

    private void refused(Path clip, String message, VideoRequest.Builder request) throws IOException {
        assertThatThrownBy(() -> Videos.stylize(request.build(), VideoFixtures.atelier(), event -> { },
                Cancellation.never()))
                .isInstanceOf(BadInputException.class).hasMessage(message)
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
        assertThat(outputs()).as("nothing written").isEmpty();
    }

    private List<Path> outputs() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("out")
                    || file.getFileName().toString().startsWith(".")).toList();
        }
    }

    private Path small(String name, String... extra) {
        String[] arguments = Stream.concat(Stream.of("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-frames:v",
                "6"), Arrays.stream(extra)).toArray(String[]::new);
        return TestClips.ffmpeg(folder.resolve(name), arguments);
    }

    @Test
    void notAVideoNoVideoStreamNoFramesAndTruncatedFilesAreRefused() throws IOException {
        Path text = Files.writeString(folder.resolve("notes.mp4"), "not a video at all\n");
        refused(text, text + ": not a video FFmpeg can read (Invalid data found when processing input)",
                VideoFixtures.magentaRequest(text, output()));

        Path sound = TestClips.ffmpeg(folder.resolve("sound.mka"), "-f", "lavfi", "-i", "sine=duration=0.2", "-c:a",
                "flac");
        refused(sound, sound + ": has no video stream (only audio)", VideoFixtures.magentaRequest(sound, output()));

        Path empty = TestClips.ffmpeg(folder.resolve("empty.mkv"), "-f", "lavfi", "-i", "testsrc=size=64x48",
                "-frames:v", "0", "-c:v", "ffv1");
        refused(empty, empty + ": has no frames (it ends before the first)", VideoFixtures.magentaRequest(empty, output()));

        Path whole = small("whole.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(folder.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(cut, output()).build()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(cut + ": not a video FFmpeg can read");
        Path wholeMkv = small("whole.mkv", "-c:v", "ffv1");
        byte[] mkv = Files.readAllBytes(wholeMkv);
        Path cutMkv = Files.write(folder.resolve("cut.mkv"), Arrays.copyOf(mkv, mkv.length * 2 / 3));
        refused(cutMkv, cutMkv + ": damaged or truncated (File ended prematurely)",
                VideoFixtures.magentaRequest(cutMkv, output()));
    }

    @Test
    void clipsBeyondTheLimitsAreRefusedFromTheContainer() throws IOException {
        Path clip = small("clip.mkv", "-c:v", "ffv1");
        refused(clip, clip + ": 6 frames, more than max-frames 5 allows",
                VideoFixtures.magentaRequest(clip, output()).optVideoOption("max-frames", 5));
        refused(clip, clip + ": 64x48 frames (3072 pixels), more than max-pixels 3000 allows",
                VideoFixtures.magentaRequest(clip, output()).optReadOptions(new ReadOptions(3000)));
        refused(clip, clip + ": 0.6 seconds long, more than max-seconds 0.5 allows",
                VideoFixtures.magentaRequest(clip, output()).optVideoOption("max-seconds", 0.5));
        Path tiny = TestClips.ffmpeg(folder.resolve("tiny.mkv"), "-f", "lavfi", "-i", "testsrc=size=12x10:rate=10",
                "-frames:v", "2", "-c:v", "ffv1");
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(tiny, output()).build()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(tiny + ": frames of 12x10");
    }

    @Test
    void oddSidesRotationVariableRatesDeepSamplesAndTransparencyAreRepaintedWithAWarning() {
        Path odd = small("odd.mkv", "-vf", "scale=65:49", "-c:v", "ffv1");
        VideoFixtures.Events oddEvents = run(odd, "odd.mp4");
        assertThat(VideosTest.warned(oddEvents, "65x49 frames are written at 66x50")).isTrue();
        assertThat(TestClips.probe(folder.resolve("odd.mp4"), "v:0", "stream=width,height")).isEqualTo("66\n50");

        // FFmpeg 5.1 writes the rotation only when copying a stream.
        Path plain = small("plain.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path turned = TestClips.ffmpeg(folder.resolve("turned.mp4"), "-i", plain.toString(), "-c", "copy",
                "-metadata:s:v:0", "rotate=90");
        VideoFixtures.Events turnedEvents = run(turned, "upright.mp4");
        assertThat(VideosTest.warned(turnedEvents, "a display rotation of 90°")).isTrue();
        assertThat(TestClips.probe(folder.resolve("upright.mp4"), "v:0", "stream=width,height")).isEqualTo("48\n64");

        Path variable = small("variable.mkv", "-vf", "setpts='if(lt(N,3),N,2*N)/(10*TB)'", "-fps_mode", "passthrough",
                "-c:v", "ffv1");
        VideoFixtures.Events variableEvents = run(variable, "variable.mp4");
        assertThat(VideosTest.warned(variableEvents, "variable frame rate")).isTrue();
        assertThat(TestClips.decodedFrames(folder.resolve("variable.mp4"))).isEqualTo(6);

        Path deep = small("deep.mkv", "-c:v", "libx264", "-pix_fmt", "yuv420p10le");
        assertThat(VideosTest.warned(run(deep, "deep.mp4"), "10-bit samples")).isTrue();
        assertThat(TestClips.decodedFrames(folder.resolve("deep.mp4"))).isEqualTo(6);

        Path clear = small("clear.mkv", "-vf", "format=yuva420p", "-c:v", "ffv1");
        assertThat(VideosTest.warned(run(clear, "clear.mp4"), "composited over white")).isTrue();
        assertThat(TestClips.decodedFrames(folder.resolve("clear.mp4"))).isEqualTo(6);
    }

    private VideoFixtures.Events run(Path clip, String output) {
        VideoFixtures.Events events = new VideoFixtures.Events();
        Videos.stylize(VideoFixtures.magentaRequest(clip, folder.resolve(output)).build(), VideoFixtures.atelier(),
                events, Cancellation.never());
        return events;
    }
}
