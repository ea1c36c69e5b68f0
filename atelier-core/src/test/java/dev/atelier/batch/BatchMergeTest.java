package dev.atelier.batch;

import static dev.atelier.batch.BatchFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.BatchRequest;
import dev.atelier.io.ImageLoader;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch made in slices by several machines sharing a folder, then merged: the same as one batch. */
class BatchMergeTest {
    @TempDir
    Path folder;
    private Path inputs;
    private List<Path> photos;
    private List<Path> paintings;

    @BeforeEach
    void inputs() throws IOException {
        inputs = Files.createDirectories(folder.resolve("inputs"));
        photos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            photos.add(BatchFixtures.photo(inputs, "photo" + i + ".png", 24 + 4 * i, 20, i));
        }
        paintings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            paintings.add(BatchFixtures.painting(inputs, "painting" + i + ".png", 20, 20, 10 + i));
        }
    }

    private static BatchOptions.Builder options(Path output) {
        return BatchOptions.builder(output).optManifestIntervalSeconds(0).optSheetIntervalSeconds(0);
    }

    private static BatchSummary run(BatchPlan plan, BatchOptions options) {
        return new BatchRunner(BatchFixtures.StubMethod.flatColour(), options).run(plan, RunListener.silent(),
                Cancellation.never());
    }

    private static BatchSummary merge(BatchPlan plan, Path output, RunListener listener) {
        return BatchMerge.run(plan, options(output).optMerge(true).build(), "stub", true, listener);
    }

    /** Each pair's manifest entry without what differs between any two runs (times). */
    private static Map<String, JsonObject> pairs(Path manifest) {
        Map<String, JsonObject> pairs = new LinkedHashMap<>();
        for (JsonElement element : json(manifest).getAsJsonArray("pairs")) {
            JsonObject pair = element.getAsJsonObject().deepCopy();
            pair.remove("seconds");
            pair.remove("finished");
            pairs.put(pair.get("name").getAsString(), pair);
        }
        return pairs;
    }

    private static List<String> files(Path folder, String contains) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.contains(contains)).sorted()
                    .toList();
        }
    }

    @Test
    void threeSlicesMergedGiveTheManifestOfOneBatch() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path whole = folder.resolve("whole");
        Path sliced = folder.resolve("sliced");
        run(plan, options(whole).build());
        int made = 0;
        for (int index = 1; index <= 3; index++) {
            BatchSummary slice = run(plan, options(sliced).optShard(new BatchShard(index, 3)).build());
            made += slice.done();
            assertThat(slice.manifest().getFileName().toString()).isEqualTo("manifest-shard-" + index + "-of-3.json");
            assertThat(slice.contactSheet()).as("slices draw no contact sheet").isNull();
        }
        assertThat(made).isEqualTo(12);
        assertThat(sliced.resolve(Manifest.FILE_NAME)).doesNotExist();
        assertThat(sliced.resolve("index.html")).doesNotExist();

        BatchSummary merged = merge(plan, sliced, RunListener.silent());

        assertThat(merged.total()).isEqualTo(12);
        assertThat(merged.skipped()).isEqualTo(12);
        assertThat(merged.complete()).isTrue();
        JsonObject one = json(whole.resolve(Manifest.FILE_NAME));
        JsonObject together = json(sliced.resolve(Manifest.FILE_NAME));
        assertThat(together.get("fingerprint")).isEqualTo(one.get("fingerprint"));
        assertThat(together.get("settings")).isEqualTo(one.get("settings"));
        assertThat(together.get("counts")).isEqualTo(one.get("counts"));
        assertThat(pairs(sliced.resolve(Manifest.FILE_NAME))).isEqualTo(pairs(whole.resolve(Manifest.FILE_NAME)));
        assertThat(List.copyOf(pairs(sliced.resolve(Manifest.FILE_NAME)).keySet()))
                .as("in the plan's order, not the slices'")
                .isEqualTo(plan.pairs().stream().map(BatchPlan.Pair::name).toList());
        for (BatchPlan.Pair pair : plan.pairs()) {
            assertThat(Files.readAllBytes(sliced.resolve(pair.name() + ".png")))
                    .isEqualTo(Files.readAllBytes(whole.resolve(pair.name() + ".png")));
        }
        assertThat(new ImageLoader().read(sliced.resolve("contact-sheet.png")).width())
                .isEqualTo(new ImageLoader().read(whole.resolve("contact-sheet.png")).width());
        assertThat(Files.readString(sliced.resolve("index.html"))).contains("12 pairs: 12 done, 0 failed, 0 pending");
    }

    @Test
    void aBatchAfterTheMergeFindsEverythingDone() {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = folder.resolve("sliced");
        for (int index = 1; index <= 2; index++) {
            run(plan, options(sliced).optShard(new BatchShard(index, 2)).build());
        }
        merge(plan, sliced, RunListener.silent());

        BatchSummary again = run(plan, options(sliced).build());

        assertThat(again.skipped()).isEqualTo(12);
        assertThat(again.done()).isZero();
    }

    @Test
    void aCorruptPhotoFailsItsPairsInTheMergedManifest() {
        photos.set(2, BatchFixtures.corrupt(inputs, "broken.png"));
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = folder.resolve("sliced");
        for (int index = 1; index <= 3; index++) {
            run(plan, options(sliced).optShard(new BatchShard(index, 3)).build());
        }

        BatchSummary merged = merge(plan, sliced, RunListener.silent());

        assertThat(merged.failed()).isEqualTo(3);
        assertThat(merged.skipped()).isEqualTo(9);
        assertThat(merged.failures()).allMatch(failure -> failure.name().startsWith("broken__")
                && failure.error().contains("broken.png"));
    }

    @Test
    void theSlicesNotYetMadeArePendingAndNamed() {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = folder.resolve("sliced");
        BatchSummary first = run(plan, options(sliced).optShard(new BatchShard(1, 3)).build());
        List<RunEvent> events = new ArrayList<>();

        BatchSummary merged = merge(plan, sliced, events::add);

        assertThat(merged.skipped()).isEqualTo(first.done());
        assertThat(merged.pending()).isEqualTo(12 - first.done());
        assertThat(events).filteredOn(event -> event instanceof Warning).singleElement()
                .extracting(event -> ((Warning) event).message()).asString().contains("2/3, 3/3");
    }

    @Test
    void slicesWithMorePiecesThanPairsStillMerge() {
        BatchPlan plan = BatchPlan.crossProduct(photos.subList(0, 1), paintings.subList(0, 2));
        Path sliced = folder.resolve("sliced");
        int made = 0;
        for (int index = 1; index <= 5; index++) {
            made += run(plan, options(sliced).optShard(new BatchShard(index, 5)).build()).done();
        }

        BatchSummary merged = merge(plan, sliced, RunListener.silent());

        assertThat(made).isEqualTo(2);
        assertThat(merged.skipped()).isEqualTo(2);
        assertThat(merged.complete()).isTrue();
    }

    @Test
    void aSliceLeavesTheOtherSlicesTemporaryFilesAlone() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = Files.createDirectories(folder.resolve("sliced"));
        BatchPlan.Pair mine = new BatchShard(1, 2).select(plan).orElseThrow().pairs().get(0);
        BatchPlan.Pair theirs = new BatchShard(2, 2).select(plan).orElseThrow().pairs().get(0);
        Path ownLeftover = Files.writeString(sliced.resolve("." + mine.name() + ".png.tmp-0123456789abcdef"), "x");
        Path othersInProgress = Files.writeString(sliced.resolve("." + theirs.name() + ".png.tmp-0123456789abcdef"),
                "x");

        run(plan, options(sliced).optShard(new BatchShard(1, 2)).build());

        assertThat(ownLeftover).doesNotExist();
        assertThat(othersInProgress).exists();
    }

    @Test
    void twoMachinesMakeOneSliceOnlyOnceAtATime() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = Files.createDirectories(folder.resolve("sliced"));
        try (FileChannel channel = FileChannel.open(sliced.resolve(new BatchShard(2, 2).lockFileName()),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThat(run(plan, options(sliced).optShard(new BatchShard(1, 2)).build()).done())
                    .as("another slice runs beside it").isPositive();
            assertThatThrownBy(() -> run(plan, options(sliced).optShard(new BatchShard(2, 2)).build()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("slice 2/2");
            assertThatThrownBy(() -> merge(plan, sliced, RunListener.silent()))
                    .as("no merge while a slice is being made").isInstanceOf(BadInputException.class)
                    .hasMessageContaining("slice 2/2");
        }
    }

    @Test
    void slicesMadeWithOtherSettingsAreNotMerged() {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path sliced = folder.resolve("sliced");
        run(plan, options(sliced).optShard(new BatchShard(1, 2)).build());
        run(plan, options(sliced).optShard(new BatchShard(2, 2)).optSize(16).build());

        assertThatThrownBy(() -> merge(plan, sliced, RunListener.silent())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("manifest-shard-2-of-2.json").hasMessageContaining("size 0 → 16");
    }

    @Test
    void aFolderWithoutSlicesHasNothingToMerge() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos, paintings);
        Path empty = Files.createDirectories(folder.resolve("empty"));
        assertThatThrownBy(() -> merge(plan, empty, RunListener.silent())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no slice manifests");
        assertThat(files(empty, "manifest")).isEmpty();
    }

    @Test
    void theEntryPointMakesSlicesAndMergesThemFromOptions() {
        List<Path> models = List.of(BatchFixtures.model(inputs, "model0.safetensors", 10),
                BatchFixtures.model(inputs, "model1.safetensors", 11));
        Path sliced = folder.resolve("sliced");
        Atelier atelier = Atelier.fromEnvironment();
        int made = 0;
        for (String shard : List.of("1/2", "2/2")) {
            made += atelier.batch(BatchRequest.builder().optContents(photos.subList(0, 2))
                    .optModels(models.stream().map(Path::toString).toList()).optOutput(sliced)
                    .optOption("shard", shard).build(), RunListener.silent(), Cancellation.never()).done();
        }

        BatchSummary merged = atelier.batch(BatchRequest.builder().optContents(photos.subList(0, 2))
                .optModels(models.stream().map(Path::toString).toList()).optOutput(sliced)
                .optOption("merge", true).build(), RunListener.silent(), Cancellation.never());

        assertThat(made).isEqualTo(4);
        assertThat(merged.skipped()).isEqualTo(4);
        assertThat(merged.done()).as("a merge makes nothing").isZero();
        assertThat(json(sliced.resolve(Manifest.FILE_NAME)).get("method").getAsString()).isEqualTo("feedforward");
        assertThat(sliced.resolve("contact-sheet.png")).exists();
    }
}
