package dev.atelier.batch;

import static dev.atelier.batch.BatchFixtures.json;
import static dev.atelier.batch.BatchFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.Cancellation;
import dev.atelier.io.ContactSheetLayout;
import dev.atelier.io.Region;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.api.Style;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of tiny pictures, run as a user would leave them running: resumed, interrupted, fed bad files. */
class BatchRunnerTest {
    @TempDir
    Path folder;
    private Path inputs;
    private Path output;

    @BeforeEach
    void folders() throws IOException {
        inputs = Files.createDirectories(folder.resolve("inputs"));
        output = folder.resolve("out");
    }

    private BatchOptions.Builder options() {
        return BatchOptions.builder(output).optManifestIntervalSeconds(0).optSheetIntervalSeconds(0);
    }

    private List<Path> photos(int count) {
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            photos.add(BatchFixtures.photo(inputs, "photo" + i + ".png", 32 + 4 * i, 24, i));
        }
        return photos;
    }

    private List<Path> models(int count) {
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            models.add(BatchFixtures.model(inputs, "model" + i + ".safetensors", 10 + i));
        }
        return models;
    }

    private static Map<String, String> statuses(Path output) {
        Map<String, String> statuses = new HashMap<>();
        for (JsonElement pair : json(output.resolve(Manifest.FILE_NAME)).getAsJsonArray("pairs")) {
            JsonObject entry = pair.getAsJsonObject();
            statuses.put(entry.get("name").getAsString(), entry.get("status").getAsString());
        }
        return statuses;
    }

    private static List<String> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.contains(".tmp-")).toList();
        }
    }

    @Test
    void everyPhotoMeetsEveryModelInAFileNamedAfterBoth() throws IOException {
        List<Path> photos = photos(3);
        List<Path> models = models(2);
        BatchSummary summary;
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            summary = new BatchRunner(method, options().build()).run(BatchPlan.crossProduct(photos, models),
                    RunListener.silent(), Cancellation.never());
        }

        assertThat(summary.done()).isEqualTo(6);
        assertThat(summary.failed()).isZero();
        assertThat(summary.complete()).isTrue();
        for (int photo = 0; photo < 3; photo++) {
            for (int model = 0; model < 2; model++) {
                String name = "photo" + photo + "__model" + model;
                RgbImage result = read(output.resolve(name + ".png"));
                assertThat(result.width()).as("a model keeps the photo's own size").isEqualTo(32 + 4 * photo);
                assertThat(result.height()).isEqualTo(24);
                JsonObject report = json(output.resolve(name + ".json"));
                assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
                assertThat(report.getAsJsonObject("inputs").get("content").getAsString())
                        .isEqualTo(photos.get(photo).toString());
                assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("sha256").getAsString())
                        .hasSize(64);
                assertThat(report.getAsJsonObject("batch").get("pair").getAsString()).isEqualTo(name);
            }
        }
        assertThat(statuses(output)).hasSize(6).allSatisfy((name, status) -> assertThat(status).isEqualTo("done"));
        RgbImage sheet = read(output.resolve("contact-sheet.png"));
        ContactSheetLayout layout = new ContactSheetLayout(4, 3, 160, 160, ContactSheet.GAP, true);
        assertThat(sheet.width()).isEqualTo(layout.width());
        Region header = layout.cell(0, 1);
        assertThat(sheet.pixel(header.x() + 2, header.y() + 2)[0]).as("a model's column is headed by a name card")
                .isLessThan(0.95f);
        assertThat(output.resolve("index.html")).isRegularFile();
        assertThat(temporaryFiles(output)).isEmpty();
    }

    @Test
    void aStoppedRunResumesWithOnlyTheUnfinishedPairs() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos(3), models(2));
        Cancellation cancellation = new Cancellation();
        AtomicInteger finished = new AtomicInteger();
        RunListener stopAfterTwo = event -> {
            if (event instanceof ItemFinished && finished.incrementAndGet() == 2) {
                cancellation.request();
            }
        };
        BatchSummary first;
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            first = new BatchRunner(method, options().optBatchSize(1).build()).run(plan, stopAfterTwo, cancellation);
        }
        assertThat(first.cancelled()).isTrue();
        assertThat(first.done()).isBetween(2, 5);
        assertThat(first.pending()).isEqualTo(6 - first.done());
        Map<String, String> afterStop = statuses(output);
        Set<String> finishedFirst = new HashSet<>();
        Map<String, FileTime> times = new HashMap<>();
        afterStop.forEach((name, status) -> {
            if (status.equals("done")) {
                finishedFirst.add(name);
                times.put(name, modified(output.resolve(name + ".png")));
            } else {
                assertThat(status).isEqualTo("pending");
                assertThat(output.resolve(name + ".png")).doesNotExist();
            }
        });
        assertThat(finishedFirst).hasSize(first.done());

        BatchFixtures.CountingMethod<Style> counting = BatchFixtures.feedForward();
        BatchSummary second;
        try (counting) {
            second = new BatchRunner(counting, options().optBatchSize(1).build()).run(plan, RunListener.silent(),
                    Cancellation.never());
        }

        assertThat(second.skipped()).isEqualTo(first.done());
        assertThat(second.done()).isEqualTo(6 - first.done());
        assertThat(counting.ran).doesNotContainAnyElementsOf(finishedFirst).hasSize(6 - first.done());
        times.forEach((name, time) -> assertThat(modified(output.resolve(name + ".png"))).isEqualTo(time));
        assertThat(statuses(output).values()).containsOnly("done");
    }

    @Test
    void pairsCutOffByACrashAreMadeAgainAndNothingElse() throws IOException {
        BatchPlan plan = BatchPlan.crossProduct(photos(2), models(2));
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            new BatchRunner(method, options().build()).run(plan, RunListener.silent(), Cancellation.never());
        }
        // What a kill leaves: a pair marked running, one marked done whose result never reached the disk,
        // a temporary file of an interrupted write, and a pair that had failed.
        Path manifest = output.resolve(Manifest.FILE_NAME);
        JsonObject json = json(manifest);
        JsonArray pairs = json.getAsJsonArray("pairs");
        pairs.get(0).getAsJsonObject().addProperty("status", "running");
        pairs.get(2).getAsJsonObject().addProperty("status", "failed");
        pairs.get(2).getAsJsonObject().addProperty("error", "something went wrong");
        Files.writeString(manifest, json.toString());
        Files.delete(output.resolve("photo0__model1.png"));
        Path leftover = output.resolve(".photo0__model1.png.tmp-0123456789abcdef");
        Files.writeString(leftover, "half a picture");
        FileTime untouched = modified(output.resolve("photo1__model1.png"));

        BatchFixtures.CountingMethod<Style> counting = BatchFixtures.feedForward();
        BatchSummary summary;
        try (counting) {
            summary = new BatchRunner(counting, options().build()).run(plan, RunListener.silent(),
                    Cancellation.never());
        }

        assertThat(counting.ran).containsExactlyInAnyOrder("photo0__model0", "photo0__model1", "photo1__model0");
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(summary.complete()).isTrue();
        assertThat(statuses(output).values()).containsOnly("done");
        assertThat(leftover).doesNotExist();
        assertThat(output.resolve("photo0__model1.png")).isRegularFile();
        assertThat(modified(output.resolve("photo1__model1.png"))).isEqualTo(untouched);
    }

    @Test
    void resultsMadeWithOtherSettingsAreNeverMixedIn() {
        BatchPlan plan = BatchPlan.crossProduct(photos(2), models(1));
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            new BatchRunner(method, options().optSize(32).optCrop(CropMode.CENTER).build()).run(plan,
                    RunListener.silent(), Cancellation.never());
        }
        FileTime before = modified(output.resolve("photo0__model0.png"));

        assertThatThrownBy(() -> {
            try (PairMethod<Style> method = BatchFixtures.feedForward()) {
                new BatchRunner(method, options().optSize(48).optCrop(CropMode.CENTER).build()).run(plan,
                        RunListener.silent(), Cancellation.never());
            }
        }).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(Manifest.FILE_NAME)
                .hasMessageContaining("size 32 → 48")
                .hasMessageContaining("use overwrite to redo")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
        assertThat(modified(output.resolve("photo0__model0.png"))).isEqualTo(before);
        assertThat(read(output.resolve("photo0__model0.png")).width()).isEqualTo(32);

        BatchFixtures.CountingMethod<Style> counting = BatchFixtures.feedForward();
        try (counting) {
            new BatchRunner(counting, options().optSize(48).optCrop(CropMode.CENTER).optOverwrite(true).build())
                    .run(plan, RunListener.silent(), Cancellation.never());
        }
        assertThat(counting.ran).hasSize(2);
        assertThat(read(output.resolve("photo0__model0.png")).width()).isEqualTo(48);
        assertThat(json(output.resolve(Manifest.FILE_NAME)).getAsJsonObject("settings").get("size").getAsInt())
                .isEqualTo(48);
    }

    @Test
    void anUnreadableInputFailsOnlyItsOwnPairs() {
        Path good = BatchFixtures.photo(inputs, "a.png", 32, 32, 1);
        Path bad = BatchFixtures.corrupt(inputs, "bad.png");
        Path alsoGood = BatchFixtures.photo(inputs, "c.png", 32, 32, 3);
        Path model = BatchFixtures.model(inputs, "m.safetensors", 1);
        Path brokenModel = BatchFixtures.corrupt(inputs, "broken.safetensors");
        List<ItemFinished> failures = new ArrayList<>();
        RunListener listener = event -> {
            if (event instanceof ItemFinished item && item.failed()) {
                failures.add(item);
            }
        };
        BatchSummary summary;
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            summary = new BatchRunner(method, options().build()).run(
                    BatchPlan.crossProduct(List.of(good, bad, alsoGood), List.of(model, brokenModel)), listener,
                    Cancellation.never());
        }

        assertThat(summary.done()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(summary.cancelled()).isFalse();
        assertThat(summary.failures()).extracting(FailedPair::name).containsExactlyInAnyOrder("bad__m", "bad__broken",
                "a__broken", "c__broken");
        FailedPair badPhoto = summary.failures().stream().filter(failure -> failure.name().equals("bad__m"))
                .findFirst().orElseThrow();
        assertThat(badPhoto.error()).contains("bad.png").contains("not an image");
        assertThat(summary.failures()).filteredOn(failure -> failure.name().equals("a__broken")).singleElement()
                .satisfies(failure -> assertThat(failure.error()).contains("broken.safetensors"));
        assertThat(failures).hasSize(4);
        assertThat(statuses(output)).containsEntry("a__m", "done").containsEntry("c__m", "done")
                .containsEntry("bad__m", "failed").containsEntry("a__broken", "failed");
        JsonObject entry = json(output.resolve(Manifest.FILE_NAME)).getAsJsonArray("pairs").get(2).getAsJsonObject();
        assertThat(entry.get("name").getAsString()).isEqualTo("bad__m");
        assertThat(entry.get("error").getAsString()).contains("bad.png");
        assertThat(output.resolve("bad__m.png")).doesNotExist();
    }

    @Test
    void theContactSheetShowsStylesAlongTheTopPhotosDownTheSideAndEachResultInItsCell() {
        int[] photoReds = {200, 40};
        int[] styleGreens = {30, 90, 150};
        List<Path> photos = new ArrayList<>();
        List<Path> styles = new ArrayList<>();
        for (int i = 0; i < photoReds.length; i++) {
            photos.add(BatchFixtures.solid(inputs, "photo" + i + ".png", 24, 16, photoReds[i], 10, 10));
        }
        for (int i = 0; i < styleGreens.length; i++) {
            styles.add(BatchFixtures.solid(inputs, "style" + i + ".png", 16, 16, 10, styleGreens[i], 10));
        }
        int cell = 20;
        new BatchRunner(BatchFixtures.StubMethod.flatColour(), options().optCellSize(cell).build())
                .run(BatchPlan.crossProduct(photos, styles), RunListener.silent(), Cancellation.never());

        RgbImage sheet = read(output.resolve("contact-sheet.png"));
        ContactSheetLayout layout = new ContactSheetLayout(3, 4, cell, cell, ContactSheet.GAP, true);
        assertThat(sheet.width()).isEqualTo(layout.width());
        assertThat(sheet.height()).isEqualTo(layout.height());
        assertColour(sheet, layout, 0, 0, 255, 255, 255);
        for (int style = 0; style < 3; style++) {
            assertColour(sheet, layout, 0, style + 1, 10, styleGreens[style], 10);
        }
        for (int photo = 0; photo < 2; photo++) {
            assertColour(sheet, layout, photo + 1, 0, photoReds[photo], 10, 10);
            for (int style = 0; style < 3; style++) {
                assertColour(sheet, layout, photo + 1, style + 1, photoReds[photo], styleGreens[style], 128);
            }
        }
    }

    private static void assertColour(RgbImage sheet, ContactSheetLayout layout, int row, int column,
            int red, int green, int blue) {
        Region region = layout.cell(row, column);
        int x = region.x() + region.width() / 2;
        int y = region.y() + region.height() / 2;
        float[] pixel = sheet.pixel(x, y);
        assertThat(pixel[0] * 255).as("red of cell (%d, %d)", row, column).isCloseTo(red, within(1.0f));
        assertThat(pixel[1] * 255).as("green of cell (%d, %d)", row, column).isCloseTo(green, within(1.0f));
        assertThat(pixel[2] * 255).as("blue of cell (%d, %d)", row, column).isCloseTo(blue, within(1.0f));
    }

    @Test
    void aLargeBatchGetsACappedSheetButAnIndexOfEveryPair() throws IOException {
        List<Path> photos = List.of(BatchFixtures.solid(inputs, "my photo&1.png", 16, 16, 200, 0, 0),
                BatchFixtures.solid(inputs, "p2.png", 16, 16, 100, 0, 0));
        List<Path> styles = List.of(BatchFixtures.solid(inputs, "a#b.png", 16, 16, 0, 50, 0),
                BatchFixtures.solid(inputs, "s2.png", 16, 16, 0, 60, 0),
                BatchFixtures.solid(inputs, "s3.png", 16, 16, 0, 70, 0));
        BatchPlan plan = BatchPlan.crossProduct(photos, styles);
        new BatchRunner(BatchFixtures.StubMethod.flatColour(), options().optCellSize(16).optSheetLimits(1, 2)
                .optLayout(OutputLayout.NUMBERED).build()).run(plan, RunListener.silent(), Cancellation.never());

        RgbImage sheet = read(output.resolve("contact-sheet.png"));
        ContactSheetLayout layout = new ContactSheetLayout(2, 3, 16, 16, ContactSheet.GAP, true);
        assertThat(sheet.width()).isEqualTo(layout.width());
        assertThat(sheet.height()).isEqualTo(layout.height());
        String html = Files.readString(output.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("shows the first 1 of 2 photos and 2 of 3 styles");
        assertThat(html).contains("my photo&amp;1__a#b").doesNotContain("my photo&1");
        Set<String> links = new HashSet<>();
        Matcher matcher = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        while (matcher.find()) {
            links.add(URLDecoder.decode(matcher.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        JsonArray pairs = json(output.resolve(Manifest.FILE_NAME)).getAsJsonArray("pairs");
        assertThat(pairs).hasSize(6);
        for (JsonElement element : pairs) {
            JsonObject pair = element.getAsJsonObject();
            String result = pair.get("output").getAsString();
            String report = pair.get("report").getAsString();
            assertThat(result).startsWith(pair.get("folder").getAsString() + "/");
            assertThat(links).contains(result, report);
            assertThat(output.resolve(result)).isRegularFile();
            assertThat(output.resolve(report)).isRegularFile();
        }
        assertThat(links).contains("contact-sheet.png");
        assertThat(html).contains("my%20photo%261__a%23b.png");
    }

    @Test
    void randomCropsAreTheSameOnEveryRunAndDifferBetweenPairs() {
        Path photo = BatchFixtures.photo(inputs, "wide.png", 96, 40, 7);
        List<Path> styles = List.of(BatchFixtures.painting(inputs, "s1.png", 16, 16, 1),
                BatchFixtures.painting(inputs, "s2.png", 16, 16, 2),
                BatchFixtures.painting(inputs, "s3.png", 16, 16, 3));
        BatchPlan plan = BatchPlan.crossProduct(List.of(photo), styles);
        Map<String, Integer> firstRun = cropsOf(plan, output, 5);
        Map<String, Integer> secondRun = cropsOf(plan, folder.resolve("again"), 5);
        Map<String, Integer> otherSeed = cropsOf(plan, folder.resolve("other"), 6);

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(new HashSet<>(firstRun.values())).as("crop places of three pairs").hasSizeGreaterThan(1);
        assertThat(otherSeed).isNotEqualTo(firstRun);
        // The result really is that square of the photo scaled to a 32-pixel height.
        RgbImage scaled = Resampler.fitShortestSide(read(photo), 32);
        RgbImage result = read(output.resolve("wide__s1.png"));
        RgbImage expected = scaled.crop(firstRun.get("wide__s1"), 0, 32, 32);
        assertThat(TestPictures.meanAbsoluteDifference(result, expected)).isLessThan(1 / 255.0);
    }

    private Map<String, Integer> cropsOf(BatchPlan plan, Path into, long seed) {
        new BatchRunner(BatchFixtures.StubMethod.identity(), BatchOptions.builder(into).optSize(32)
                .optCrop(CropMode.RANDOM).optSeed(seed).build())
                .run(plan, RunListener.silent(), Cancellation.never());
        Map<String, Integer> places = new HashMap<>();
        for (BatchPlan.Pair pair : plan.pairs()) {
            JsonObject batch = json(into.resolve(pair.name() + ".json")).getAsJsonObject("batch");
            assertThat(batch.get("crop_y").getAsInt()).isZero();
            assertThat(read(into.resolve(pair.name() + ".png")).width()).isEqualTo(32);
            places.put(pair.name(), batch.get("crop_x").getAsInt());
        }
        return places;
    }

    @Test
    void photosBatchedThroughANetworkComeOutAsWhenRunOneByOne() {
        BatchPlan plan = BatchPlan.crossProduct(photos(3), models(1));
        BatchFixtures.CountingMethod<Style> batched = BatchFixtures.feedForward();
        try (batched) {
            new BatchRunner(batched, options().optSize(32).optCrop(CropMode.CENTER).optBatchSize(4).build())
                    .run(plan, RunListener.silent(), Cancellation.never());
        }
        Path single = folder.resolve("single");
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            new BatchRunner(method, BatchOptions.builder(single).optSize(32).optCrop(CropMode.CENTER).optBatchSize(1)
                    .optOverlapInputOutput(false).build()).run(plan, RunListener.silent(), Cancellation.never());
        }
        assertThat(batched.ran).hasSize(3);
        for (BatchPlan.Pair pair : plan.pairs()) {
            RgbImage together = read(output.resolve(pair.name() + ".png"));
            RgbImage alone = read(single.resolve(pair.name() + ".png"));
            assertThat(TestPictures.meanAbsoluteDifference(together, alone)).isLessThan(0.5 / 255);
        }
    }

    @Test
    void aSecondBatchCannotWriteIntoAFolderInUse() {
        BatchPlan plan = BatchPlan.crossProduct(photos(1), models(1));
        List<RuntimeException> refusals = new ArrayList<>();
        RunListener startsAnother = event -> {
            if (event instanceof RunStarted) {
                try {
                    new BatchRunner(BatchFixtures.StubMethod.identity(), options().build()).run(plan,
                            RunListener.silent(), Cancellation.never());
                } catch (RuntimeException e) {
                    refusals.add(e);
                }
            }
        };
        try (PairMethod<Style> method = BatchFixtures.feedForward()) {
            new BatchRunner(method, options().build()).run(plan, startsAnother, Cancellation.never());
        }
        assertThat(refusals).singleElement().isInstanceOf(BadInputException.class)
                .satisfies(error -> assertThat(error.getMessage()).contains("another batch"));
        assertThat(statuses(output).values()).containsOnly("done");
        // The finished folder holds results only: the lock file went with the lock.
        assertThat(output.resolve(OutputFolder.LOCK_FILE)).doesNotExist();
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
