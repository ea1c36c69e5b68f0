package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.StylistRequest;
import dev.atelier.api.Stylist;
import dev.atelier.batch.ClipInput;
import dev.atelier.batch.PairContext;
import dev.atelier.batch.PairResult;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's clip pairs as this module makes them: named in their own container, shown by their first
 * frame, recorded by their settings, and repainted on the batch's open stylist exactly as
 * {@code stylize} repaints a clip, reporting progress over frames only.
 */
class VideoBatchClipsTest {
    @TempDir
    Path folder;

    private static VideoBatchClips clips(Map<String, String> options) {
        return VideoBatchClips.of(options, ReadOptions.defaults());
    }

    private Path testsrc(String name) {
        return TestClips.ffmpeg(folder.resolve(name), "-f", "lavfi", "-i", "testsrc=size=64x48:rate=12:duration=0.5",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=0.5", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-c:a", "aac");
    }

    @Test
    void aResultKeepsItsClipsContainerWhenAtelierWritesIt() {
        VideoBatchClips clips = clips(Map.of());
        assertThat(clips.resultExtension(Path.of("walk.mp4"))).isEqualTo("mp4");
        assertThat(clips.resultExtension(Path.of("Walk.MOV"))).isEqualTo("mov");
        assertThat(clips.resultExtension(Path.of("walk.webm"))).isEqualTo("webm");
        assertThat(clips.resultExtension(Path.of("walk.m4v"))).isEqualTo("m4v");
        assertThat(clips.resultExtension(Path.of("walk.mkv"))).isEqualTo("mkv");
        // Containers Atelier does not write go into Matroska, which takes any sound unchanged.
        assertThat(clips.resultExtension(Path.of("walk.avi"))).isEqualTo("mkv");
        assertThat(clips.resultExtension(Path.of("walk.ts"))).isEqualTo("mkv");
        assertThat(clips.resultExtension(Path.of("walk.y4m"))).isEqualTo("mkv");
    }

    @Test
    void theSettingsThatChangeAClipAreRecordedAndBadOnesRefusedBeforeAnyWork() {
        JsonObject given = clips(Map.of("temporal-weight", "0.3", "crf", "23")).clipSettings();
        assertThat(given.get("temporal_weight").getAsDouble()).isEqualTo(0.3);
        assertThat(given.get("crf").getAsString()).isEqualTo("23");
        JsonObject defaults = clips(Map.of()).clipSettings();
        assertThat(defaults.get("temporal_weight").getAsDouble()).isEqualTo(0.6);
        assertThat(defaults.get("crf").getAsString()).isEqualTo("the codec's default");
        assertThatThrownBy(() -> clips(Map.of("temporal-weight", "2"))).isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("temporal-weight");
    }

    @Test
    void theStillIsTheFirstFrameWithinThePixelLimit() throws IOException {
        Path clip = testsrc("walk.mp4");
        RgbImage still = clips(Map.of()).still(clip);
        assertThat(still.width()).isEqualTo(64);
        assertThat(still.height()).isEqualTo(48);
        // testsrc's colour bars: far from one flat colour.
        float least = 1;
        float most = 0;
        for (int x = 0; x < still.width(); x++) {
            least = Math.min(least, still.sample(0, x, 24));
            most = Math.max(most, still.sample(0, x, 24));
        }
        assertThat(most - least).isGreaterThan(0.5f);

        assertThatThrownBy(() -> VideoBatchClips.of(Map.of(), new ReadOptions(1000)).still(clip))
                .isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("walk.mp4: 64x48 frames, more than max-pixels 1000 allows");
        Path text = Files.writeString(folder.resolve("notes.mp4"), "not a video");
        assertThatThrownBy(() -> clips(Map.of()).still(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a video FFmpeg can read");
    }

    @Test
    void aClipPairIsAStylizedClipOnTheBatchsStylistWithProgressOverFrames() throws IOException {
        Path clip = testsrc("walk.mp4");
        Path output = folder.resolve("walk__starry_night.mp4");
        Path report = folder.resolve("walk__starry_night.json");
        VideoFixtures.Events events = new VideoFixtures.Events();
        try (Stylist stylist = VideoFixtures.atelier().open(StylistRequest.builder().optMethod("magenta")
                .optOptions(VideoFixtures.magenta()).build())) {
            PairResult result = clips(Map.of("crf", "23")).stylize(stylist, "batch",
                    new ClipInput("walk__starry_night", clip, VideoFixtures.painting(), output, report),
                    new PairContext(Cancellation.never(), events));

            assertThat(result.cancelled()).isFalse();
            assertThat(result.report().get("command").getAsString()).isEqualTo("batch");
            assertThat(result.report().getAsJsonObject("settings").get("crf").getAsInt()).isEqualTo(23);
        }
        assertThat(TestClips.decodedFrames(output)).isEqualTo(6);
        assertThat(TestClips.audioMd5(output)).isEqualTo(TestClips.audioMd5(clip));
        assertThat(report).isRegularFile();
        assertThat(events.of(StepFinished.class)).isNotEmpty().allSatisfy(step ->
                assertThat(step.stage()).isEqualTo("video"));
        assertThat(events.of(StepFinished.class).get(events.of(StepFinished.class).size() - 1).step()).isEqualTo(6);
        assertThat(events.of(RunStarted.class)).as("the batch announces its own run").isEmpty();
    }

    @Test
    void aCancelledPairKeepsNothingHalfWrittenAndSaysSo() throws IOException {
        Path clip = testsrc("walk.mp4");
        Path output = folder.resolve("walk__starry_night.mp4");
        Cancellation cancellation = Cancellation.never();
        cancellation.request();
        try (Stylist stylist = VideoFixtures.atelier().open(StylistRequest.builder().optMethod("magenta")
                .optOptions(VideoFixtures.magenta()).build())) {
            PairResult result = clips(Map.of()).stylize(stylist, "batch", new ClipInput("walk__starry_night", clip,
                    VideoFixtures.painting(), output, folder.resolve("walk__starry_night.json")),
                    new PairContext(cancellation, new VideoFixtures.Events()));
            assertThat(result.cancelled()).isTrue();
        }
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("walk__starry_night.json")).doesNotExist();
    }
}
