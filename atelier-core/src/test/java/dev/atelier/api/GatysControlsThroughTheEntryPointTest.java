package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimisation's controls as a request reaches them: several paintings, masks, a start image, resuming. */
class GatysControlsThroughTheEntryPointTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private Path photo;
    private Path painting;

    @BeforeEach
    void inputs() {
        atelier = TestAtelier.in(folder.resolve("home"));
        photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
    }

    private StylizeRequest.Builder request(Path output) {
        return StylizeRequest.builder().optContent(photo).optStyle(painting).optOutput(output)
                .optOptions(Map.of("size", "32", "iterations", "6", "backbone", "random-vgg19", "scales", "1"));
    }

    @Test
    void aStoppedRunKeepsItsCheckpointAndResumesOnlyWhenAsked() {
        Path output = folder.resolve("out.png");
        Cancellation cancellation = new Cancellation();
        RunListener stopAtThree = event -> {
            if (event instanceof StepFinished step && step.step() == 3) {
                cancellation.request();
            }
        };

        StylizeOutcome stopped = atelier.stylize(request(output).build(), stopAtThree, cancellation);

        assertThat(stopped.cancelled()).isTrue();
        Path checkpoint = folder.resolve("out.png.ckpt");
        assertThat(checkpoint).isRegularFile();
        assertThat(TestFiles.report(folder.resolve("out.json")).getAsJsonObject("outputs").get("checkpoint")
                .getAsString()).isEqualTo(checkpoint.toString());
        assertThatThrownBy(() -> atelier.stylize(request(output).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("resume: " + checkpoint + ": an interrupted run's checkpoint is here; resume it with "
                        + "resume, or delete it to start over");

        StylizeOutcome resumed = atelier.stylize(request(output).optResume(true).build());

        assertThat(resumed.cancelled()).isFalse();
        JsonObject result = resumed.report().getAsJsonObject("result");
        assertThat(result.get("iterations").getAsInt()).isEqualTo(6);
        assertThat(result.get("resumed_at").getAsInt()).isBetween(1, 3);
        assertThat(checkpoint).as("a finished run leaves nothing to resume").doesNotExist();
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo)
                .optStyle(painting).optOutput(folder.resolve("adain.png")).optResume(true).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("resume: does not apply to adain");
    }

    @Test
    void twoPaintingsWithMasksAndAStartImageReachTheOptimisation() {
        Path other = TestFiles.painting(folder, "other.png", 32, 32, 3);
        Path left = TestFiles.photo(folder, "left.png", 40, 32, 4);
        Path start = TestFiles.photo(folder, "start.png", 20, 16, 5);
        Path output = folder.resolve("blend.png");

        atelier.stylize(request(output).optStyles(List.of(other)).optStyleMasks(List.of(left, left))
                .optInitImage(start).optOption("preserve-color", "luminance").build());

        JsonObject report = TestFiles.report(folder.resolve("blend.json"));
        assertThat(report.getAsJsonObject("inputs").getAsJsonArray("styles")).hasSize(2);
        assertThat(report.getAsJsonObject("inputs").getAsJsonArray("style_masks")).hasSize(2);
        assertThat(report.getAsJsonObject("settings").get("preserve_color").getAsString()).isEqualTo("luminance");
        assertThatThrownBy(() -> atelier.stylize(request(folder.resolve("x.png")).optStyles(List.of(other))
                .optOption("style-weights", "1,2,3").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-weights: 3 weights for 2 paintings; give one weight per painting");
        assertThatThrownBy(() -> atelier.stylize(request(folder.resolve("y.png")).optInitImage(photo)
                .optOutput(photo).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("would overwrite");
    }
}
