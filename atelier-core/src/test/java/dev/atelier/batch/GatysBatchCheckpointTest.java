package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.api.Style;
import dev.atelier.api.StylistRequest;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An optimisation pair in a batch checkpoints as {@code stylize} does: stopped mid-pair, its
 * checkpoint stays beside where its result goes ({@code name.png.ckpt}), is never taken for a photo,
 * and the rerun resumes the pair from it; a finished pair leaves none.
 */
class GatysBatchCheckpointTest {
    /** Past the checkpoint period (50): the stop comes after a periodic save. */
    private static final int ITERATIONS = 60;
    private static final int STOP_AT = 55;

    @TempDir
    Path folder;

    private static StylistRequest gatys() {
        // The first layer only: an iteration at 32 px takes milliseconds. Adam, which never stops early as
        // L-BFGS does once so small a problem converges.
        return StylistRequest.builder().optMethod("gatys").optOption("backbone", "random-vgg19")
                .optOption("optimizer", "adam")
                .optOption("content-layers", "conv1_1").optOption("style-layers", "conv1_1=1")
                .optOption("size", 32).optOption("scales", 1).optOption("iterations", ITERATIONS).build();
    }

    @Test
    void aStoppedPairResumesFromItsCheckpointOnTheRerun() {
        List<Path> photos = List.of(BatchFixtures.photo(folder, "first.png", 32, 32, 1),
                BatchFixtures.photo(folder, "second.png", 32, 32, 2));
        Path painting = BatchFixtures.painting(folder, "painting.png", 32, 32, 3);
        BatchPlan plan = BatchPlan.crossProduct(photos, List.of(painting));
        Path out = folder; // Results beside the photos: the rerun must not take a checkpoint for a photo.
        Path stopped = out.resolve("second__painting.png");
        Path checkpoint = out.resolve("second__painting.png.ckpt");

        // Stopped about 55 iterations into the second pair (the batch's fraction is (1 + pair's) / 2).
        Cancellation cancellation = new Cancellation();
        RunListener stopMidPair = event -> {
            if (event instanceof StepFinished step && step.item().equals("second__painting")
                    && step.fraction() >= 0.5 + 0.5 * STOP_AT / ITERATIONS) {
                cancellation.request();
            }
        };
        BatchFixtures.CountingMethod<Style> first = BatchFixtures.stylist(gatys());
        BatchSummary interrupted;
        try (first) {
            interrupted = new BatchRunner(first, BatchOptions.builder(out).build()).run(plan, stopMidPair, cancellation);
        }

        assertThat(interrupted.done()).isEqualTo(1);
        assertThat(out.resolve("first__painting.png")).isRegularFile();
        assertThat(out.resolve("first__painting.png.ckpt")).as("a finished pair's checkpoint").doesNotExist();
        assertThat(stopped).doesNotExist();
        assertThat(checkpoint).isRegularFile();
        assertThat(BatchInputs.images(List.of(folder), "content")).doesNotContain(checkpoint)
                .allMatch(file -> !file.getFileName().toString().endsWith(".ckpt"));

        BatchFixtures.CountingMethod<Style> second = BatchFixtures.stylist(gatys());
        BatchSummary rerun;
        try (second) {
            rerun = new BatchRunner(second, BatchOptions.builder(out).build())
                    .run(BatchPlan.crossProduct(photos, List.of(painting)), RunListener.silent(), Cancellation.never());
        }

        assertThat(second.ran).containsExactly("second__painting");
        assertThat(rerun.skipped()).isEqualTo(1);
        assertThat(rerun.done()).isEqualTo(1);
        assertThat(stopped).isRegularFile();
        assertThat(checkpoint).as("removed once the pair is done").doesNotExist();
        JsonObject report = BatchFixtures.json(out.resolve("second__painting.json"));
        Matcher resumedAt = Pattern.compile("\"resumed_at\":(\\d+)").matcher(report.toString());
        assertThat(resumedAt.find()).as("the report says where the pair resumed: " + report).isTrue();
        // Ctrl-C loses at most the iterations since the last save (every 50).
        assertThat(Integer.parseInt(resumedAt.group(1))).isBetween(STOP_AT - 50, ITERATIONS - 1);
        assertThat(report.getAsJsonArray("history")).hasSize(ITERATIONS + 1);
    }

    @Test
    void aCheckpointThatDoesNotFitThePairIsDeletedAndThePairStartsAfresh() throws Exception {
        Path photo = BatchFixtures.photo(folder, "photo.png", 32, 32, 1);
        Path painting = BatchFixtures.painting(folder, "painting.png", 32, 32, 3);
        Path out = Files.createDirectories(folder.resolve("out"));
        Files.writeString(out.resolve("photo__painting.png.ckpt"), "not a checkpoint");

        BatchFixtures.CountingMethod<Style> gatys = BatchFixtures.stylist(gatys());
        java.util.List<String> warnings = new java.util.ArrayList<>();
        BatchSummary summary;
        try (gatys) {
            summary = new BatchRunner(gatys, BatchOptions.builder(out).build()).run(
                    BatchPlan.crossProduct(List.of(photo), List.of(painting)),
                    event -> {
                        if (event instanceof dev.atelier.progress.Warning warning) {
                            warnings.add(warning.message());
                        }
                    }, Cancellation.never());
        }

        assertThat(summary.done()).isEqualTo(1);
        assertThat(summary.failed()).isZero();
        assertThat(warnings).anyMatch(message -> message.startsWith("photo__painting: its checkpoint cannot be resumed"));
        assertThat(out.resolve("photo__painting.png.ckpt")).doesNotExist();
        assertThat(BatchFixtures.json(out.resolve("photo__painting.json")).toString()).doesNotContain("resumed_at");
    }
}
