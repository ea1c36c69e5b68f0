package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.batch.BatchSummary;
import dev.atelier.io.RemovableLock;
import dev.atelier.progress.RunListener;
import dev.atelier.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is ever lost: every output checked against every input and every other output before work starts. */
class AtelierOutputsTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private Path photo;
    private Path painting;
    private Path model;

    @BeforeEach
    void inputs() {
        atelier = TestAtelier.in(folder.resolve("home"));
        photo = TestFiles.photo(folder, "photo.jpg", 40, 32, 1);
        painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        model = TestFiles.feedForwardModel(folder, "model.safetensors", 3);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aResultNamedLikeItsPhotoIsRefusedAndThePhotoIsUntouched() {
        byte[] before = bytes(photo);

        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optContent(photo)
                .optModel(model.toString()).optOutput(folder.resolve("photo.jpg")).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("would overwrite the content image '" + photo + "'");
        assertThat(bytes(photo)).isEqualTo(before);
    }

    @Test
    void reportPlotAndSideBySideMayNotReplaceTheResultOrThePainting() {
        StylizeRequest.Builder base = StylizeRequest.builder().optContent(photo).optStyle(painting)
                .optOutput(folder.resolve("out.png")).optOptions(Map.of("size", "32", "iterations", "1",
                        "backbone", "random-vgg19"));
        byte[] before = bytes(painting);

        assertThatThrownBy(() -> atelier.stylize(base.optReport(folder.resolve("out.png")).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("report: the report");
        base.optReport(null);
        assertThatThrownBy(() -> atelier.stylize(base.optPlot(painting).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("plot: the loss plot '" + painting + "' would overwrite the painting '" + painting
                        + "'; choose another name");
        base.optPlot(null);
        assertThatThrownBy(() -> atelier.stylize(base.optSideBySide(folder.resolve("out.png")).build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("side-by-side:");
        assertThat(bytes(painting)).isEqualTo(before);
        assertThat(folder.resolve("out.png")).doesNotExist();
    }

    @Test
    void trainingMayNotWriteItsNetworkOverThePainting() {
        Path photos = folder.resolve("photos");
        try {
            Files.createDirectories(photos);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestFiles.photo(photos, "a.png", 40, 40, 1);
        byte[] before = bytes(painting);

        assertThatThrownBy(() -> atelier.train(TrainRequest.builder("feedforward").optInput("style", painting)
                .optInput("data", photos).optOutput(painting).optOption("backbone", "random-vgg16").build(),
                RunListener.silent(), Cancellation.never()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("output: the trained network '" + painting + "' would overwrite the painting '" + painting
                        + "'; choose another name");
        assertThat(bytes(painting)).isEqualTo(before);
    }

    @Test
    void photosWithOneNameFromTwoFoldersGetTwoResults() throws IOException {
        Path first = Files.createDirectories(folder.resolve("first"));
        Path second = Files.createDirectories(folder.resolve("second"));
        TestFiles.photo(first, "beach.png", 40, 32, 5);
        TestFiles.photo(second, "beach.png", 36, 36, 6);
        Path results = folder.resolve("results");

        StylizeOutcome outcome = atelier.stylize(StylizeRequest.builder().optContents(List.of(first, second))
                .optModel(model.toString()).optOutput(results).build());

        assertThat(outcome.images()).hasSize(2).doesNotHaveDuplicates();
        assertThat(outcome.failures()).isEmpty();
        assertThat(results.resolve("first_beach__model.png")).isRegularFile();
        assertThat(results.resolve("second_beach__model.png")).isRegularFile();
        assertThat(TestFiles.report(results.resolve("second_beach__model.json")).getAsJsonObject("inputs")
                .get("content").getAsString()).isEqualTo(second.resolve("beach.png").toString());
    }

    @Test
    void aFolderRepaintedIntoItselfKeepsItsPhotosAndNeverTakesItsResultsForPhotos() throws IOException {
        Path photos = Files.createDirectories(folder.resolve("photos"));
        Path a = TestFiles.photo(photos, "a.png", 40, 32, 7);
        TestFiles.photo(photos, "b.jpg", 32, 40, 8);
        byte[] before = bytes(a);
        StylizeRequest request = StylizeRequest.builder().optContent(photos).optModel(model.toString())
                .optOutput(photos).build();

        StylizeOutcome first = atelier.stylize(request);
        StylizeOutcome second = atelier.stylize(request);

        assertThat(bytes(a)).isEqualTo(before);
        assertThat(first.images()).hasSize(2);
        assertThat(second.images()).hasSize(2);
        assertThat(second.kept()).isEqualTo(2);
        try (Stream<Path> files = Files.list(photos)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".png")
                    || name.endsWith(".jpg")).sorted().toList())
                    .containsExactly("a.png", "a__model.png", "b.jpg", "b__model.png");
        }
    }

    @Test
    void aBatchIntoItsOwnPhotoFolderRunTwiceMakesNoResultsOfResults() throws IOException {
        Path photos = Files.createDirectories(folder.resolve("photos"));
        TestFiles.photo(photos, "a.png", 40, 32, 7);
        Path paintings = Files.createDirectories(folder.resolve("paintings"));
        TestFiles.painting(paintings, "s.png", 32, 32, 9);
        BatchRequest request = BatchRequest.builder().optMethod("adain").optContents(List.of(photos))
                .optStyles(List.of(paintings)).optOutput(photos).optOptions(Map.of("size", "32", "decoder",
                        TestFiles.adainDecoder(folder, "decoder.safetensors", 9).toString())).build();

        BatchSummary first = atelier.batch(request, RunListener.silent(), Cancellation.never());
        BatchSummary second = atelier.batch(request, RunListener.silent(), Cancellation.never());

        assertThat(first.done()).isEqualTo(1);
        assertThat(second.total()).isEqualTo(1);
        assertThat(second.skipped()).isEqualTo(1);
        try (Stream<Path> files = Files.list(photos)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.contains("__s__s")))
                    .isEmpty();
        }
    }

    @Test
    void aReadOnlyOutputFolderIsRefusedInWellUnderASecondForALongRequest() {
        Path unwritable = TestFiles.unwritableFolder(folder);
        long start = System.nanoTime();

        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optContent(photo).optStyle(painting)
                .optOutput(unwritable.resolve("out.png")).optOption("iterations", 500).build()))
                .isInstanceOf(UnavailableException.class).hasMessageContaining("cannot write into the output folder");

        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void twoRunsNeverMakeOnePictureAtOnceAndARunClearsWhatAKilledOneLeft() throws IOException {
        Path output = folder.resolve("out.png");
        StylizeRequest request = StylizeRequest.builder().optContent(photo).optModel(model.toString())
                .optOutput(output).build();
        // Another run holds the picture: this one is refused before any work and writes nothing.
        try (RemovableLock other = RemovableLock.tryAcquire(folder.resolve(".out.png.lock")).orElseThrow()) {
            assertThatThrownBy(() -> atelier.stylize(request)).isInstanceOf(BadInputException.class)
                    .hasMessage(output + ": another run is making this picture now; wait for it to finish or choose "
                            + "another output");
            assertThat(output).doesNotExist();
        }
        // A killed run's half-written picture and report are cleared; the run leaves no lock behind.
        Path halfPicture = Files.writeString(folder.resolve(".out.png.tmp-0123456789abcdef"), "half");
        Path halfReport = Files.writeString(folder.resolve(".out.json.tmp-0123456789abcdef"), "half");
        Path someoneElses = Files.writeString(folder.resolve(".other.png.tmp-0123456789abcdef"), "theirs");
        atelier.stylize(request);
        assertThat(output).isRegularFile();
        assertThat(halfPicture).doesNotExist();
        assertThat(halfReport).doesNotExist();
        assertThat(someoneElses).exists();
        assertThat(folder.resolve(".out.png.lock")).doesNotExist();
    }
}
