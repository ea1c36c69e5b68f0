package dev.atelier.batch;

import static dev.atelier.batch.BatchFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.AtomicFiles;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips among a batch's photos, as the batch sees them through its seam ({@link ClipFiles},
 * {@link PairMethod#stylizeClip}): named, recorded, resumed, failed and shown by the batch's own
 * rules. The clips here are stand-ins (a few bytes named {@code .mp4}) repainted by a stand-in method,
 * so these rules are checked without FFmpeg; atelier-cli's BatchClipsCommandTest runs real clips.
 */
class BatchRunnerClipsTest {
    @TempDir
    Path folder;
    private Path photos;
    private Path painting;
    private Path output;

    @BeforeEach
    void inputs() throws IOException {
        photos = Files.createDirectories(folder.resolve("photos"));
        BatchFixtures.photo(photos, "a.png", 32, 24, 1);
        BatchFixtures.photo(photos, "b.jpg", 24, 32, 2);
        Files.writeString(photos.resolve("walk.mp4"), "frames of a walk");
        Files.writeString(photos.resolve(".hidden.mp4"), "a temporary file");
        painting = BatchFixtures.painting(folder, "waves.png", 32, 32, 3);
        output = folder.resolve("out");
    }

    private BatchOptions options(Path into) {
        return BatchOptions.builder(into).optManifestIntervalSeconds(0).optSheetIntervalSeconds(0).build();
    }

    private BatchSummary run(ClipMethod method, Path into, Cancellation cancellation) {
        BatchPlan plan = BatchPlan.crossProduct(BatchInputs.contents(List.of(photos), true), List.of(painting));
        return new BatchRunner(method, options(into)).run(plan, RunListener.silent(), cancellation);
    }

    private static Map<String, JsonObject> pairs(Path into) {
        Map<String, JsonObject> pairs = new LinkedHashMap<>();
        for (JsonElement pair : json(into.resolve(Manifest.FILE_NAME)).getAsJsonArray("pairs")) {
            pairs.put(pair.getAsJsonObject().get("name").getAsString(), pair.getAsJsonObject());
        }
        return pairs;
    }

    @Test
    void foldersListClipsOnlyForABatchThatRepaintsThem() {
        assertThat(BatchInputs.contents(List.of(photos), true)).extracting(path -> path.getFileName().toString())
                .containsExactly("a.png", "b.jpg", "walk.mp4");
        assertThat(BatchInputs.contents(List.of(photos), false)).extracting(path -> path.getFileName().toString())
                .containsExactly("a.png", "b.jpg");
        assertThat(BatchInputs.images(List.of(photos), "content")).hasSize(2);
    }

    @Test
    void aClipBecomesAClipInItsOwnContainerRecordedAndShownByTheBatch() throws IOException {
        ClipMethod method = new ClipMethod();
        BatchSummary summary = run(method, output, Cancellation.never());

        assertThat(summary.done()).isEqualTo(3);
        assertThat(summary.failed()).isZero();
        assertThat(method.clipsRan).containsExactly("walk__waves");
        Path clip = output.resolve("walk__waves.mp4");
        assertThat(Files.readString(clip)).isEqualTo("repainted frames of a walk with waves.png");
        assertThat(output.resolve("walk__waves.png")).doesNotExist();
        assertThat(output.resolve("a__waves.png")).isRegularFile();
        assertThat(summary.results()).contains(clip);

        Map<String, JsonObject> pairs = pairs(output);
        assertThat(pairs.get("walk__waves").get("output").getAsString()).isEqualTo("walk__waves.mp4");
        assertThat(pairs.get("walk__waves").get("status").getAsString()).isEqualTo("done");
        assertThat(pairs.get("a__waves").get("output").getAsString()).isEqualTo("a__waves.png");
        JsonObject settings = json(output.resolve(Manifest.FILE_NAME)).getAsJsonObject("settings");
        assertThat(settings.getAsJsonObject("clips").get("temporal_weight").getAsDouble()).isEqualTo(0.6);

        JsonObject report = json(output.resolve("walk__waves.json"));
        assertThat(report.get("made_by").getAsString()).isEqualTo("the clip method");
        assertThat(report.getAsJsonObject("batch").get("pair").getAsString()).isEqualTo("walk__waves");
        assertThat(report.getAsJsonObject("batch").get("crop").getAsString()).isEqualTo("none");
        assertThat(report.getAsJsonObject("batch").get("seconds").getAsDouble()).isGreaterThanOrEqualTo(0);

        String index = Files.readString(output.resolve(IndexPage.FILE_NAME));
        assertThat(index).contains("<video src=\"walk__waves.mp4\"").contains("<img src=\"a__waves.png\"")
                .doesNotContain("<img src=\"walk__waves.mp4\"");
        // The sheet shows the clip's still twice: as the photo and as the result.
        assertThat(method.stills).containsExactlyInAnyOrder(photos.resolve("walk.mp4"), clip);
        RgbImage sheet = BatchFixtures.read(output.resolve("contact-sheet.png"));
        assertThat(sheet.width()).isGreaterThan(0);
    }

    @Test
    void aRerunMakesNothingAndABatchIntoItsPhotoFolderNeverTakesItsClipsForPhotos() {
        ClipMethod first = new ClipMethod();
        run(first, photos, Cancellation.never());
        assertThat(photos.resolve("walk__waves.mp4")).isRegularFile();
        assertThat(BatchInputs.contents(List.of(photos), true)).extracting(path -> path.getFileName().toString())
                .containsExactly("a.png", "b.jpg", "walk.mp4");

        ClipMethod second = new ClipMethod();
        BatchSummary again = run(second, photos, Cancellation.never());
        assertThat(again.skipped()).isEqualTo(3);
        assertThat(again.done()).isZero();
        assertThat(second.clipsRan).isEmpty();
        assertThat(second.photosRan).isEmpty();
        assertThat(pairs(photos)).containsOnlyKeys("a__waves", "b__waves", "walk__waves");
    }

    @Test
    void aFailedClipFailsItsOwnPairOnlyAndIsTriedAgainByTheNextRun() {
        ClipMethod failing = new ClipMethod();
        failing.failWith = "walk.mp4: not a video FFmpeg can read";
        BatchSummary summary = run(failing, output, Cancellation.never());
        assertThat(summary.done()).isEqualTo(2);
        assertThat(summary.failures()).extracting(FailedPair::name, FailedPair::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("walk__waves",
                        "walk.mp4: not a video FFmpeg can read"));
        assertThat(pairs(output).get("walk__waves").get("status").getAsString()).isEqualTo("failed");

        ClipMethod fixed = new ClipMethod();
        BatchSummary rerun = run(fixed, output, Cancellation.never());
        assertThat(fixed.clipsRan).containsExactly("walk__waves");
        assertThat(fixed.photosRan).isEmpty();
        assertThat(rerun.done()).isEqualTo(1);
        assertThat(rerun.failed()).isZero();
    }

    @Test
    void aStoppedClipIsPendingAndTheNextRunHandsItBackToTheMethodToContinue() {
        ClipMethod stopping = new ClipMethod();
        stopping.stopAfterHalf = true;
        BatchSummary stopped = run(stopping, output, Cancellation.never());
        assertThat(stopped.cancelled()).isTrue();
        assertThat(pairs(output).get("walk__waves").get("status").getAsString()).isEqualTo("pending");
        assertThat(output.resolve("walk__waves.mp4")).doesNotExist();

        ClipMethod resuming = new ClipMethod();
        BatchSummary rerun = run(resuming, output, Cancellation.never());
        assertThat(resuming.clipsRan).containsExactly("walk__waves");
        assertThat(resuming.continued.get()).as("the method found the half its earlier call kept").isEqualTo(1);
        assertThat(rerun.cancelled()).isFalse();
        assertThat(output.resolve("walk__waves.mp4")).isRegularFile();
    }

    @Test
    void otherClipSettingsAreRefusedWhenClipsWereMadeAndAFolderOfPicturesRecordsNone() {
        run(new ClipMethod(), output, Cancellation.never());
        ClipMethod steadier = new ClipMethod();
        steadier.temporalWeight = 0.9;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(steadier, output, Cancellation.never()))
                .hasMessageContaining("other settings").hasMessageContaining("clips");

        Path pictures = folder.resolve("pictures-only");
        BatchPlan plan = BatchPlan.crossProduct(BatchInputs.contents(List.of(photos), false), List.of(painting));
        new BatchRunner(new ClipMethod(), options(pictures)).run(plan, RunListener.silent(), Cancellation.never());
        assertThat(json(pictures.resolve(Manifest.FILE_NAME)).getAsJsonObject("settings").has("clips")).isFalse();
    }

    @Test
    void plannedOutputsNameClipResultsInTheirContainer() {
        BatchPlan plan = BatchPlan.crossProduct(BatchInputs.contents(List.of(photos), true), List.of(painting));
        Map<Path, String> planned = BatchRunner.plannedOutputs(plan, options(output), new ClipMethod());
        assertThat(planned).containsEntry(output.resolve("walk__waves.mp4"), "repainted clip")
                .containsEntry(output.resolve("a__waves.png"), "result")
                .doesNotContainKey(output.resolve("walk__waves.png"));
    }

    /**
     * Photos repainted as {@link BatchFixtures.StubMethod#identity()}; clips "repainted" by writing
     * their bytes behind a prefix, half at a time when asked to stop half-way (the half kept beside
     * the result, as the video module keeps finished frames).
     */
    static final class ClipMethod extends BatchFixtures.StubMethod implements ClipFiles {
        final List<String> photosRan = Collections.synchronizedList(new ArrayList<>());
        final List<String> clipsRan = Collections.synchronizedList(new ArrayList<>());
        final List<Path> stills = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger continued = new AtomicInteger();
        String failWith;
        boolean stopAfterHalf;
        double temporalWeight = 0.6;

        ClipMethod() {
            super((content, style) -> content);
        }

        @Override
        public PairResult stylize(PairInput input, RgbImage style, PairContext context) {
            photosRan.add(input.name());
            return super.stylize(input, style, context);
        }

        @Override
        public Optional<ClipFiles> clips() {
            return Optional.of(this);
        }

        @Override
        public PairResult stylizeClip(ClipInput input, PairContext context) {
            clipsRan.add(input.name());
            if (failWith != null) {
                throw new dev.atelier.BadInputException(failWith);
            }
            Path half = input.output().resolveSibling(input.output().getFileName() + ".half");
            try {
                String frames = Files.readString(input.clip());
                if (stopAfterHalf) {
                    Files.writeString(half, frames.substring(0, frames.length() / 2));
                    return new PairResult(null, new JsonObject(), true);
                }
                if (Files.exists(half)) {
                    continued.incrementAndGet();
                    Files.delete(half);
                }
                String painted = "repainted " + frames + " with " + input.style().getFileName();
                AtomicFiles.write(input.output(), out -> out.write(painted.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            JsonObject report = new JsonObject();
            report.addProperty("made_by", "the clip method");
            return PairResult.of(null, report);
        }

        @Override
        public String resultExtension(Path clip) {
            String name = clip.getFileName().toString();
            return name.substring(name.lastIndexOf('.') + 1);
        }

        @Override
        public RgbImage still(Path clip) {
            stills.add(clip);
            return RgbImage.solid(16, 12, 0.2f, 0.4f, 0.8f);
        }

        @Override
        public JsonObject clipSettings() {
            JsonObject settings = new JsonObject();
            settings.addProperty("temporal_weight", temporalWeight);
            return settings;
        }
    }
}
