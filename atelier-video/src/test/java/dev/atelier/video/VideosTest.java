package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips repainted end to end with the shared Magenta networks, at 64 to 128 pixels: stabilisation on
 * known motion, frame count, rate and sound kept, Ctrl-C keeping finished frames, resume with the same
 * settings only, and no file left half-written.
 */
class VideosTest {
    @TempDir
    Path folder;

    private Path knownMotionClip(int frames) {
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 400);
        KnownMotion motion = new KnownMotion(photo, 128, 96, 1.5, -0.8, 1.01);
        List<RgbImage> list = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            list.add(motion.frame(t));
        }
        return TestClips.fromFrames(folder.resolve("known.mkv"), list, 24);
    }

    @Test
    void aPannedAndZoomedClipIsStabilisedWithItsFramesAndRateKept() throws IOException {
        Path clip = knownMotionClip(10);
        Path output = folder.resolve("out.mp4");
        VideoFixtures.Events events = new VideoFixtures.Events();

        VideoOutcome outcome = Videos.stylize(VideoFixtures.magentaRequest(clip, output)
                .optVideoOption("temporal-weight", 0.6).build(), VideoFixtures.atelier(), events, Cancellation.never());

        assertThat(outcome.cancelled()).isFalse();
        assertThat(TestClips.decodedFrames(output)).isEqualTo(10);
        assertThat(TestClips.probe(output, "v:0", "stream=r_frame_rate")).isEqualTo("24/1");
        assertThat(TestClips.probe(output, "v:0", "stream=width,height")).isEqualTo("128\n96");
        JsonObject report = StrictJson.parseObject(Files.readString(folder.resolve("out.json")));
        JsonObject result = report.getAsJsonObject("result");
        assertThat(result.get("frames").getAsInt()).isEqualTo(10);
        assertThat(result.get("frame_rate").getAsString()).isEqualTo("24/1");
        JsonObject errors = result.getAsJsonObject("warping_error");
        double stabilised = errors.get("stabilised").getAsDouble();
        double frameByFrame = errors.get("frame_by_frame").getAsDouble();
        assertThat(stabilised).isPositive().isLessThan(frameByFrame);
        assertThat(errors.get("pairs").getAsInt()).isEqualTo(9);
        assertThat(result.get("reliable_share").getAsDouble()).isGreaterThan(0.8);
        assertThat(result.get("scene_cuts").getAsInt()).isZero();
        assertThat(report.getAsJsonObject("settings").get("temporal_weight").getAsDouble()).isEqualTo(0.6);
        // Progress: one step per frame, counting up to all of them, with the rate.
        List<StepFinished> frames = events.of(StepFinished.class).stream().filter(s -> s.stage().equals("video"))
                .toList();
        assertThat(frames).hasSize(10);
        assertThat(frames.get(9).step()).isEqualTo(10);
        assertThat(frames.get(9).fraction()).isEqualTo(1.0);
        assertThat(frames.get(9).item()).endsWith("frames/s");
        assertThat(outcome.workFolder()).doesNotExist();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void theSoundIsCopiedUnchangedAndTheFrameRateKept() {
        Path clip = TestClips.ffmpeg(folder.resolve("tone.mp4"), "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "0.32", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        Path output = folder.resolve("painted.mkv");

        Videos.stylize(VideoFixtures.magentaRequest(clip, output).build(), VideoFixtures.atelier(),
                event -> { }, Cancellation.never());

        assertThat(TestClips.decodedFrames(output)).isEqualTo(TestClips.decodedFrames(clip)).isEqualTo(8);
        assertThat(TestClips.probe(output, "v:0", "stream=r_frame_rate")).isEqualTo("25/1");
        assertThat(TestClips.probe(output, "a:0", "stream=codec_name")).isEqualTo("aac");
        assertThat(TestClips.audioMd5(output)).isEqualTo(TestClips.audioMd5(clip));
    }

    @Test
    void ctrlCKeepsEveryFinishedFrameAndResumeContinuesWithTheSameSettingsOnly() throws IOException {
        Path clip = knownMotionClip(9);
        Path output = folder.resolve("out.webm");
        Cancellation stop = new Cancellation();
        VideoOutcome stopped = Videos.stylize(VideoFixtures.magentaRequest(clip, output).build(),
                VideoFixtures.atelier(), event -> {
                    if (event instanceof StepFinished step && step.stage().equals("video") && step.step() == 4) {
                        stop.request();
                    }
                }, stop);

        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.framesDone()).isEqualTo(4);
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("out.json")).doesNotExist();
        assertThat(stopped.workFolder().resolve("state.json")).isRegularFile();
        assertThat(hiddenFiles()).isEmpty();

        // Without resume, or with other settings, the finished frames are not taken (nor lost).
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, output).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("continue it with resume");
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, output).optResume(true)
                .optVideoOption("temporal-weight", 0.3).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("temporal_weight: 0.6 then, 0.3 now");

        VideoFixtures.Events events = new VideoFixtures.Events();
        VideoOutcome resumed = Videos.stylize(VideoFixtures.magentaRequest(clip, output).optResume(true).build(),
                VideoFixtures.atelier(), events, Cancellation.never());

        assertThat(resumed.cancelled()).isFalse();
        assertThat(resumed.keptFromBefore()).isEqualTo(4);
        assertThat(events.of(StepFinished.class).stream().filter(s -> s.stage().equals("video"))).hasSize(5);
        assertThat(TestClips.decodedFrames(output)).isEqualTo(9);
        JsonObject result = resumed.report().getAsJsonObject("result");
        assertThat(result.get("resumed_at").getAsInt()).isEqualTo(4);
        assertThat(result.getAsJsonObject("warping_error").get("pairs").getAsInt()).isEqualTo(8);
        assertThat(resumed.workFolder()).doesNotExist();
    }

    /**
     * Frames painted two at once, each stream on one core, come out as the one-at-a-time run's (to the
     * rounding of sums over one thread or two), in order, and a stop keeps exactly the frames
     * finished, not those still on the other stream.
     */
    @Test
    void framesPaintedTwoAtOnceAreTheFramesPaintedOneAtATime() throws IOException {
        Path clip = knownMotionClip(7);
        List<List<float[]>> runs = new ArrayList<>();
        for (int parallel : new int[] {1, 2}) {
            Path out = Files.createDirectory(folder.resolve("painted-" + parallel));
            Path pattern = out.resolve("f_%02d.png");
            VideoOutcome outcome = Videos.stylize(VideoFixtures.magentaRequest(clip, pattern)
                    .optVideoOption("parallel-frames", parallel).build(), VideoFixtures.atelier(), event -> { },
                    Cancellation.never());
            assertThat(outcome.framesDone()).isEqualTo(7);
            assertThat(outcome.report().getAsJsonObject("settings").get("parallel_frames").getAsInt())
                    .isEqualTo(parallel);
            List<float[]> frames = new ArrayList<>();
            for (int frame = 1; frame <= 7; frame++) {
                frames.add(new ImageLoader().read(out.resolve(String.format("f_%02d.png", frame))).sharedPlanes());
            }
            runs.add(frames);
        }
        for (int frame = 0; frame < 7; frame++) {
            float[] one = runs.get(0).get(frame);
            float[] two = runs.get(1).get(frame);
            // One thread's sums may differ from two threads' in the last bit, which can turn an 8-bit
            // rounding and, through the blend, a few neighbours: a step or two, at a few samples.
            assertThat(meanDifference(two, one)).as("frame %d", frame + 1).isLessThan(0.001);
            if (frame > 0) {
                // In order: each frame is far nearer its counterpart than the frame before it.
                assertThat(meanDifference(two, runs.get(0).get(frame - 1))).isGreaterThan(0.01);
            }
        }
        Path out = Files.createDirectory(folder.resolve("stopped"));
        Cancellation stop = new Cancellation();
        VideoOutcome stopped = Videos.stylize(VideoFixtures.magentaRequest(clip, out.resolve("f_%02d.png"))
                .optVideoOption("parallel-frames", 2).build(), VideoFixtures.atelier(), event -> {
                    if (event instanceof StepFinished step && step.stage().equals("video") && step.step() == 3) {
                        stop.request();
                    }
                }, stop);
        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.framesDone()).isEqualTo(3);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted())
                    .containsExactly("f_01.png", "f_02.png", "f_03.png");
        }
    }

    private static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    @Test
    void parallelFramesAreCheckedWhenTheRequestIsBuilt() {
        assertThatThrownBy(() -> VideoFixtures.magentaRequest(folder.resolve("a.mkv"), folder.resolve("b.mp4"))
                .optVideoOption("parallel-frames", 9).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("parallel-frames").hasMessageContaining("between 0 (choose) and 8, got 9");
    }

    @Test
    void aWeightOfZeroRepaintsFrameByFrame() {
        Path clip = knownMotionClip(4);
        VideoOutcome outcome = Videos.stylize(VideoFixtures.magentaRequest(clip, folder.resolve("flat.gif"))
                .optVideoOption("temporal-weight", 0).build(), VideoFixtures.atelier(), event -> { },
                Cancellation.never());
        JsonObject errors = outcome.report().getAsJsonObject("result").getAsJsonObject("warping_error");
        assertThat(errors.has("stabilised")).isFalse();
        assertThat(errors.get("frame_by_frame").getAsDouble()).isPositive();
        assertThat(TestClips.decodedFrames(folder.resolve("flat.gif"))).isEqualTo(4);
    }

    @Test
    void aTrainedNetworkKeptAsAFolderRepaintsAClip() {
        Path clip = knownMotionClip(3);
        VideoOutcome outcome = Videos.stylize(VideoRequest.builder().optMethod("feedforward").optContent(clip)
                .optModel(SharedFiles.network("wave").toString()).optOutput(folder.resolve("wave.mov")).build(),
                VideoFixtures.atelier(), event -> { }, Cancellation.never());
        assertThat(TestClips.decodedFrames(folder.resolve("wave.mov"))).isEqualTo(3);
        assertThat(outcome.report().getAsJsonObject("inputs").getAsJsonArray("models")).hasSize(1);
    }

    @Test
    void theOutputMayNotBeTheClipAndMustBeAVideoName() {
        Path clip = knownMotionClip(2);
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, clip).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("would overwrite the clip");
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, folder.resolve("out.png")).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("needs a video file name");
        assertThatThrownBy(() -> Videos.plan(VideoFixtures.magentaRequest(clip, folder.resolve("out.mp4"))
                .optVideoOption("crf", 60).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessage("crf: must be between 0 and 51 for mp4 output, "
                        + "got 60");
    }

    private List<Path> hiddenFiles() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(".")).toList();
        }
    }

    static boolean warned(VideoFixtures.Events events, String text) {
        return events.of(Warning.class).stream().anyMatch(warning -> warning.message().contains(text));
    }
}
