package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimisation on a clip, Ruder et al.'s way (each frame starts from the previous result warped and
 * is held to it by the temporal loss), on a random VGG-19 at 48 x 36 so it takes seconds: the frame-by-
 * frame optimisations, made for the comparison, flicker more than the held ones.
 */
class OptimisedClipTest {
    @TempDir
    Path folder;

    @Test
    void heldFramesFlickerLessThanFramesOptimisedAlone() {
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(SharedFiles.content("tubingen.jpg")), 200);
        KnownMotion motion = new KnownMotion(photo, 48, 36, 0.8, 0.4, 1.0);
        List<RgbImage> frames = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            frames.add(motion.frame(t));
        }
        Path clip = TestClips.fromFrames(folder.resolve("clip.mkv"), frames, 8);
        VideoFixtures.Events events = new VideoFixtures.Events();
        VideoOutcome outcome = Videos.stylize(VideoRequest.builder().optMethod("gatys").optContent(clip)
                .optStyle(VideoFixtures.painting()).optOutput(folder.resolve("held.mkv"))
                .optOption("backbone", "random-vgg19").optOption("size", 48).optOption("iterations", 4)
                .optOption("scales", 1).optVideoOption("compare-per-frame", true).build(), VideoFixtures.atelier(),
                events, Cancellation.never());

        JsonObject report = outcome.report();
        assertThat(report.getAsJsonObject("settings").get("temporal_loss_weight").getAsDouble())
                .isEqualTo(VideoOptions.defaults().optimisationWeight());
        JsonObject errors = report.getAsJsonObject("result").getAsJsonObject("warping_error");
        assertThat(errors.get("stabilised").getAsDouble()).isLessThan(errors.get("frame_by_frame").getAsDouble());
        assertThat(TestClips.decodedFrames(folder.resolve("held.mkv"))).isEqualTo(3);
        // The optimisation's own steps reach the listener, naming their frame.
        assertThat(events.of(StepFinished.class).stream().filter(step -> step.stage().equals("optimise"))
                .map(StepFinished::item)).contains("frame 2/3");
        // Their fraction is of the whole clip: the second frame's steps lie in its third of the bar.
        assertThat(events.of(StepFinished.class).stream().filter(step -> step.stage().equals("optimise")
                && step.item().equals("frame 2/3"))).isNotEmpty().allSatisfy(step ->
                assertThat(step.fraction()).isBetween(1 / 3.0, 2 / 3.0));
    }
}
