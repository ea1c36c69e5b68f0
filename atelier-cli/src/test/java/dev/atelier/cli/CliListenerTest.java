package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.io.RgbImage;
import dev.atelier.progress.CheckpointSaved;
import dev.atelier.progress.DownloadProgressed;
import dev.atelier.progress.DownloadRetried;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Validated;
import dev.atelier.progress.Warning;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The one progress vocabulary on a terminal (here a log: one plain line per print). */
class CliListenerTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private CliListener listener(boolean quiet) {
        return new CliListener(new ProgressLine(new PrintStream(printed, true, StandardCharsets.UTF_8), false, "train"),
                quiet);
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static StepFinished step(String stage, long step, long total, Map<String, Double> losses) {
        return new StepFinished(stage, step, total, step / (double) total, 2.0 * step, 2.0 * (total - step), losses,
                "");
    }

    @Test
    void stepsShowTheirLossesAndTrainingStepsTheLastValidation() {
        CliListener listener = listener(false);
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("content", 2.0);
        losses.put("style", 3.0);
        losses.put("tv", 0.0);

        listener.onEvent(new Validated(10, 4.25, true));
        listener.onEvent(step("train", 10, 10, losses));
        listener.finish();

        assertThat(lines()).hasSize(1);
        assertThat(lines().get(0)).startsWith("train [########################] 10/10 steps, work 100% 0:20 ETA 0:00")
                .contains("loss 5.000 content 2.00 style 3.00").doesNotContain("tv")
                .endsWith("| validation 4.250 (best, saved)");
    }

    @Test
    void iterationsAreCountedAndTheShareOfWorkIsLabelled() {
        CliListener listener = listener(false);

        // Iteration 152 of 500 is 8% of the work when the early iterations run at a coarse scale.
        listener.onEvent(new StepFinished("optimise", 152, 500, 0.083, 60, 660, Map.of(), ""));
        listener(false).onEvent(new StepFinished("video", 12, 300, 0.04, 30, 720, Map.of(), ""));

        assertThat(lines().get(0)).contains(" 152/500 iterations, work 8% 1:00 ETA 11:00")
                .doesNotContain("8% 152/500");
        assertThat(lines().get(1)).contains(" 12/300 frames, work 4% 0:30 ETA 12:00");
    }

    @Test
    void theEtaShownIsSmoothedAndEachRunsClockHasItsOwn() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        CliListener listener = new CliListener(new ProgressLine(new PrintStream(terminal, true, StandardCharsets.UTF_8),
                true, "stylize"), false);

        listener.onEvent(new StepFinished("optimise", 100, 500, 0.2, 60, 1320, Map.of(), "a"));
        // One second later the library's estimate swings to 3600 s: what is shown moves by a tenth of the swing.
        listener.onEvent(new StepFinished("optimise", 101, 500, 0.2, 61, 3600, Map.of(), "a"));
        // The next photo's run (its clock starts again) starts a smoother afresh: its first estimate is shown as it is.
        listener.onEvent(new StepFinished("optimise", 1, 500, 0.01, 5, 500, Map.of(), "b"));

        String[] redraws = terminal.toString(StandardCharsets.UTF_8).split("\r");
        assertThat(redraws[1]).contains("ETA 22:00");
        double shown = 1319 + (3600 - 1319) * (1 - Math.exp(-0.1));
        assertThat(redraws[2]).contains("ETA " + ProgressLine.duration(shown)).contains("ETA 25:36");
        assertThat(redraws[3]).contains("ETA 8:20");
    }

    @Test
    void warningsAndFailedItemsNameOptionsAsFlagsAndShowEvenWhenQuiet() {
        CliListener listener = listener(true);

        listener.onEvent(step("optimise", 1, 2, Map.of("content", 1.0)));
        listener.onEvent(new Warning("no VGG weights; {backbone} random-vgg19 instead"));
        listener.onEvent(new ItemFinished("a__wave", null, "raise {size}", 1, 2));
        listener.onEvent(new ItemFinished("b__wave", Path.of("b__wave.png"), null, 2, 2));

        assertThat(lines()).containsExactly("atelier: warning: no VGG weights; --backbone random-vgg19 instead",
                "atelier: error: a__wave: raise --size");
    }

    @Test
    void aRunOfSeveralResultsSaysHowManyAreLeft() {
        CliListener listener = listener(false);

        listener.onEvent(new RunStarted("batch of feedforward", 6, 2));
        listener.onEvent(new RunStarted("gatys on photo.png", 1, 0));
        listener.onEvent(new CheckpointSaved(3, Path.of("out.png.ckpt")));
        listener.onEvent(new ImageFormed(3, RgbImage.solid(2, 2, 0, 0, 0)));

        assertThat(lines()).containsExactly("batch of feedforward: 6 results (2 already done, 4 to make)");
    }

    @Test
    void downloadsShowTheirProgressAndRetries() {
        CliListener listener = listener(false);
        URI source = URI.create("https://example.org/vgg19.safetensors");

        listener.onEvent(new DownloadProgressed("vgg19.safetensors", source, 50_000_000, OptionalLong.of(100_000_000),
                0, 25e6));
        listener.onEvent(new DownloadRetried(source, 2, "connection reset"));

        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).contains(" 50% 50 MB ").contains("25.0 MB/s " + source);
        assertThat(lines().get(1)).isEqualTo("download from " + source + " failed (connection reset); attempt 2…");
    }

    @Test
    void quietRunsShowNoDownloadProgress() {
        CliListener listener = listener(true);

        listener.onEvent(new DownloadProgressed("vgg19.safetensors", URI.create("https://example.org/x"), 1,
                OptionalLong.empty(), 10, 1));

        assertThat(lines()).isEmpty();
    }
}
