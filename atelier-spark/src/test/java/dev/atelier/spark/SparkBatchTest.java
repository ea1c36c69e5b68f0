package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.BatchRequest;
import dev.atelier.batch.BatchSummary;
import dev.atelier.batch.Manifest;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch as a Spark job in {@code local[2]}: two photos with two styles at 64 pixels, with seeded
 * random feed-forward networks and with the shared Magenta networks; reruns, a corrupt photo, a task
 * dying mid-write, and the folder read back by {@code atelier batch}.
 */
class SparkBatchTest {
    @TempDir
    Path folder;
    private Path inputs;
    private Path output;

    @BeforeEach
    void folders() throws IOException {
        inputs = Files.createDirectories(folder.resolve("inputs"));
        output = folder.resolve("out");
    }

    private Path photo(String name, int width, int height, long seed) {
        return TestFiles.photo(inputs, name, width, height, seed);
    }

    private Path painting(String name, long seed) {
        return TestFiles.painting(inputs, name, 80, 72, seed);
    }

    /** An untrained feed-forward network with seeded weights, in Atelier's model format. */
    private Path model(String name, long seed) {
        return TestFiles.feedForwardModel(inputs, name, seed);
    }

    private List<Path> twoPhotos() {
        return List.of(photo("photo0.png", 96, 72, 1), photo("photo1.png", 72, 96, 2));
    }

    private SparkBatchRequest.Builder feedForward(List<Path> photos, List<Path> models) {
        return SparkBatchRequest.builder().optContents(strings(photos)).optModels(strings(models))
                .optOutput(output.toString()).optOption("size", 64);
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }

    private static SparkBatchSummary run(SparkBatchRequest request) {
        return SparkBatch.run(TestSpark.session(), request, RunListener.silent());
    }

    private static JsonObject json(Path file) throws IOException {
        return StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Map<String, String> statuses(Path manifest) throws IOException {
        Map<String, String> statuses = new HashMap<>();
        for (JsonElement pair : json(manifest).getAsJsonArray("pairs")) {
            statuses.put(pair.getAsJsonObject().get("name").getAsString(),
                    pair.getAsJsonObject().get("status").getAsString());
        }
        return statuses;
    }

    /** Every file in the folder with its time and size: what a run that writes nothing leaves alone. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> all = Files.list(folder)) {
            for (Path file : all.toList()) {
                FileTime time = Files.getLastModifiedTime(file);
                files.put(file.getFileName().toString(), time.toMillis() + " " + Files.size(file));
            }
        }
        return files;
    }

    @Test
    void twoPhotosWithTwoModelsMakeFourResultsAFourRowManifestAndStrictReports() throws IOException {
        List<Path> photos = twoPhotos();
        List<Path> models = List.of(model("model0.safetensors", 10), model("model1.safetensors", 11));

        SparkBatchSummary summary = run(feedForward(photos, models).build());

        assertThat(summary.made()).isEqualTo(4);
        assertThat(summary.failed()).isZero();
        assertThat(summary.tasks()).as("one photo each").isEqualTo(2);
        JsonObject manifest = json(output.resolve(Manifest.FILE_NAME));
        assertThat(manifest.getAsJsonArray("pairs")).hasSize(4);
        assertThat(statuses(output.resolve(Manifest.FILE_NAME))).containsOnly(
                Map.entry("photo0__model0", "done"), Map.entry("photo0__model1", "done"),
                Map.entry("photo1__model0", "done"), Map.entry("photo1__model1", "done"));
        for (String name : List.of("photo0__model0", "photo0__model1", "photo1__model0", "photo1__model1")) {
            RgbImage result = new ImageLoader().read(output.resolve(name + ".png"));
            assertThat(Math.max(result.width(), result.height())).isEqualTo(64);
            String text = Files.readString(output.resolve(name + ".json"));
            JsonObject report = StrictJson.parseObject(text);
            assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
            assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
            assertThat(report.getAsJsonObject("inputs").get("content").getAsString())
                    .isEqualTo(inputs.resolve(name.substring(0, 6) + ".png").toString());
            assertThat(report.getAsJsonObject("outputs").get("image").getAsString())
                    .isEqualTo(output.resolve(name + ".png").toString());
            JsonObject batch = report.getAsJsonObject("batch");
            assertThat(batch.get("pair").getAsString()).isEqualTo(name);
            assertThat(batch.get("settings_fingerprint").getAsString())
                    .isEqualTo(manifest.get("fingerprint").getAsString());
            assertThat(batch.get("size").getAsInt()).isEqualTo(64);
        }
        assertThat(new ImageLoader().read(output.resolve("contact-sheet.png")).width())
                .as("a header column and two model columns of 160-pixel cells").isEqualTo(3 * 160 + 2 * 4);
        assertThat(Files.readString(output.resolve("index.html"))).contains("4 pairs: 4 done, 0 failed, 0 pending");
        assertThat(files(output).keySet()).as("no temporary or checksum files")
                .noneMatch(name -> name.startsWith("."));
    }

    @Test
    void aSecondRunWritesNothing() throws IOException {
        List<Path> photos = twoPhotos();
        List<Path> models = List.of(model("model0.safetensors", 10), model("model1.safetensors", 11));
        run(feedForward(photos, models).build());
        Map<String, String> before = files(output);

        SparkBatchSummary again = run(feedForward(photos, models).build());

        assertThat(again.skipped()).isEqualTo(4);
        assertThat(again.made()).isZero();
        assertThat(again.tasks()).as("no task started").isZero();
        assertThat(files(output)).isEqualTo(before);
    }

    @Test
    void aCorruptPhotoFailsItsOwnPairsOnly() throws IOException {
        Path corrupt = Files.writeString(inputs.resolve("broken.png"), "this is not a picture");
        List<Path> photos = List.of(photo("photo0.png", 96, 72, 1), corrupt);
        List<Path> models = List.of(model("model0.safetensors", 10), model("model1.safetensors", 11));

        SparkBatchSummary summary = run(feedForward(photos, models).build());

        assertThat(summary.made()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.failures()).allMatch(failure -> failure.name().startsWith("broken__")
                && failure.error().contains("broken.png"));
        assertThat(statuses(output.resolve(Manifest.FILE_NAME))).containsEntry("broken__model0", "failed")
                .containsEntry("photo0__model1", "done");
        for (JsonElement pair : json(output.resolve(Manifest.FILE_NAME)).getAsJsonArray("pairs")) {
            JsonObject entry = pair.getAsJsonObject();
            assertThat(entry.has("error")).isEqualTo(entry.get("name").getAsString().startsWith("broken__"));
        }
        assertThat(output.resolve("broken__model0.png")).doesNotExist();

        // Once the photo is mended, a rerun redoes the failed pairs only.
        Files.delete(corrupt);
        photo("broken.png", 96, 72, 3);
        SparkBatchSummary again = run(feedForward(photos, models).build());
        assertThat(again.failed()).isZero();
        assertThat(again.made()).isEqualTo(2);
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(statuses(output.resolve(Manifest.FILE_NAME))).containsEntry("broken__model0", "done")
                .containsEntry("broken__model1", "done").containsEntry("photo0__model0", "done");
        assertThat(output.resolve("broken__model0.png")).isRegularFile();
    }

    @Test
    void aTaskThatDiesMidWriteIsRetriedAndLeavesNoPartialFile() throws IOException {
        List<Path> photos = twoPhotos();
        List<Path> paintings = List.of(painting("painting0.png", 20), painting("painting1.png", 21));
        Files.createDirectories(output);
        Path deadTasksLeftover = Files.writeString(output.resolve(".photo1__painting0.png.tmp-0123456789abcdef"),
                "half a picture");
        int failuresBefore = FlakyFileSystem.FAILURES.get();
        FlakyFileSystem.failNextWriteOf = "photo0__painting1.png";

        SparkBatchSummary summary = run(SparkBatchRequest.builder().optMethod("adain").optContents(strings(photos))
                .optStyles(strings(paintings)).optOutput("flaky://" + output).optOption("size", 64)
                .optOption("decoder", TestFiles.adainDecoder(inputs, "decoder.safetensors", 9)).build());

        assertThat(FlakyFileSystem.FAILURES.get() - failuresBefore).as("the write failed once").isEqualTo(1);
        assertThat(summary.failed()).isZero();
        assertThat(summary.made() + summary.found()).isEqualTo(4);
        assertThat(summary.found()).as("the retry kept what the failed attempt had finished").isEqualTo(1);
        assertThat(files(output).keySet()).as("no partial or temporary file").noneMatch(name -> name.startsWith("."));
        assertThat(deadTasksLeftover).doesNotExist();
        for (String name : List.of("photo0__painting0", "photo0__painting1", "photo1__painting0",
                "photo1__painting1")) {
            assertThat(new ImageLoader().read(output.resolve(name + ".png")).width()).isPositive();
            assertThat(json(output.resolve(name + ".json")).getAsJsonObject("outputs").get("image").getAsString())
                    .isEqualTo("flaky:" + output.resolve(name + ".png"));
        }
    }

    @Test
    void magentaLoadsItsNetworksOncePerExecutorAndPreparesEachPaintingOnce() throws IOException {
        List<Path> photos = twoPhotos();
        List<Path> paintings = List.of(SharedFiles.style("starry_night.jpg"), painting("painting1.png", 21));
        int loadsBefore = ExecutorStylists.networkLoads();
        int stylesBefore = ExecutorStylists.stylesPrepared();

        SparkBatchSummary summary = run(SparkBatchRequest.builder().optMethod("magenta").optContents(strings(photos))
                .optStyles(strings(paintings)).optOutput(output.toString()).optOption("size", 64)
                .optOption("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR))
                .optOption("transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16))
                .build());

        assertThat(summary.made()).isEqualTo(4);
        assertThat(summary.tasks()).isEqualTo(2);
        assertThat(summary.executors()).hasSize(1);
        SparkBatchSummary.ExecutorFigures executor = summary.executors().values().iterator().next();
        assertThat(executor.pairs()).isEqualTo(4);
        assertThat(executor.networkLoads() - loadsBefore).as("one stylist for the driver's settings and both tasks")
                .isEqualTo(1);
        assertThat(executor.stylesPrepared() - stylesBefore).as("each painting once, for both photos")
                .isEqualTo(2);
        assertThat(executor.peakResidentBytes()).isGreaterThan(100L << 20);
        JsonObject report = json(output.resolve("photo1__starry_night.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("magenta");
        assertThat(report.getAsJsonArray("models")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(new ImageLoader().read(output.resolve("photo1__starry_night.png")).height()).isEqualTo(64);
    }

    @Test
    void theJobsFolderIsABatchFolderForAtelierBatch() throws IOException {
        List<Path> photos = twoPhotos();
        List<Path> models = List.of(model("model0.safetensors", 10), model("model1.safetensors", 11));
        run(feedForward(photos, models).build());

        BatchSummary batch = Atelier.fromEnvironment().batch(BatchRequest.builder().optContents(photos)
                .optModels(strings(models)).optOutput(output).optOption("size", 64).build(), RunListener.silent(),
                Cancellation.never());

        assertThat(batch.skipped()).as("the Spark job's manifest, settings and stamps are batch's").isEqualTo(4);
        assertThat(batch.done()).isZero();
    }

    @Test
    void pairsFromACsvKeepTheirNames() throws IOException {
        List<Path> photos = twoPhotos();
        model("model0.safetensors", 10);
        Path csv = Files.writeString(inputs.resolve("pairs.csv"), "content,style,name\n"
                + "photo0.png,model0.safetensors,first\nphoto1.png,model0.safetensors\n");

        SparkBatchSummary summary = run(SparkBatchRequest.builder().optMethod("feedforward").optPairs(csv.toString())
                .optOutput(output.toString()).optOption("size", 64).build());

        assertThat(summary.made()).isEqualTo(2);
        assertThat(output.resolve("first.png")).exists();
        assertThat(output.resolve("photo1__model0.png")).exists();
        assertThat(photos).hasSize(2);
    }

    @Test
    void theCommandLineEndsWithTheNumberOfFailedPairs() throws IOException {
        Path corrupt = Files.writeString(inputs.resolve("broken.png"), "this is not a picture");
        photo("photo0.png", 96, 72, 1);
        Path model = model("model0.safetensors", 10);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        TestSpark.session();

        int code = SparkBatchMain.run(List.of("--content", inputs.resolve("photo0.png").toString(), corrupt.toString(),
                "--model", model.toString(), "-o", output.toString(), "--size", "64", "--quiet"),
                new java.io.PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(SparkBatchMain.PARTIAL_FAILURE);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("1 failed").contains("broken__model0");
        assertThat(TestSpark.session().sparkContext().isStopped()).as("the caller's session stays").isFalse();
    }

    @Test
    void missingInputsAndUnknownFlagsEndWithTheirOwnCodes() {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(text, true, StandardCharsets.UTF_8);
        TestSpark.session();

        assertThat(SparkBatchMain.run(List.of("--content", folder.resolve("nowhere").toString(), "--model", "candy",
                "-o", output.toString()), err)).isEqualTo(SparkBatchMain.BAD_INPUT);
        assertThat(SparkBatchMain.run(List.of("--content", "x.png", "--colour", "red", "-o", output.toString()), err))
                .isEqualTo(SparkBatchMain.USAGE);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("nowhere").contains("--colour");
    }
}
