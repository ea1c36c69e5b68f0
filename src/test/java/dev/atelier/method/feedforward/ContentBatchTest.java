package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.TransformerNetwork;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentBatchTest {
    @TempDir
    Path folder;

    private final ImageSaver saver = new ImageSaver();

    private Path photo(Path where, String name, long seed) {
        Path file = where.resolve(name);
        saver.write(TestPictures.photo(40, 32, seed), file);
        return file;
    }

    @Test
    void oneNamedPhotoGoesToTheOutputFileItself() {
        Path photo = photo(folder, "a.png", 1);
        Path output = folder.resolve("result.jpg");
        assertThat(ContentBatch.plan(List.of(photo), output)).containsExactly(new ContentBatch.Job(photo, output));
    }

    @Test
    void foldersAndSeveralPhotosGoIntoAnOutputFolderUnderTheirOwnNames() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        Path b = photo(photos, "b.JPEG", 2);
        Path a = photo(photos, "a.png", 3);
        Files.writeString(photos.resolve("notes.txt"), "not a photo");
        Path extra = photo(folder, "c.jpg", 4);
        Path output = folder.resolve("results");
        List<ContentBatch.Job> jobs = ContentBatch.plan(List.of(photos, extra), output);
        assertThat(jobs).containsExactly(new ContentBatch.Job(a, output.resolve("a.png")),
                new ContentBatch.Job(b, output.resolve("b.jpg")), new ContentBatch.Job(extra, output.resolve("c.jpg")));
        assertThat(output).isDirectory();
    }

    @Test
    void plansThatWouldLoseWorkAreRefused() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        Path jpeg = photo(photos, "same.jpeg", 5);
        Path jpg = photo(folder, "same.jpg", 6);
        assertThatThrownBy(() -> ContentBatch.plan(List.of(jpeg, jpg), folder.resolve("out")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("same.jpg")
                .hasMessageContaining("would receive the results of both");
        Path others = Files.createDirectory(folder.resolve("others"));
        photo(others, "x.png", 11);
        assertThatThrownBy(() -> ContentBatch.plan(List.of(others), others)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("overwrite the photo itself");
        assertThatThrownBy(() -> ContentBatch.plan(List.of(jpg), jpg)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("overwrite the photo itself");
        assertThatThrownBy(() -> ContentBatch.plan(List.of(folder.resolve("missing.jpg")), folder.resolve("o.png")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such file or folder");
        Path empty = Files.createDirectory(folder.resolve("empty"));
        assertThatThrownBy(() -> ContentBatch.plan(List.of(empty), folder.resolve("o")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds no .jpg or .png images");
    }

    @Test
    void aBatchStylisesEveryReadablePhotoAndReportsTheOthers() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        photo(photos, "a.png", 7);
        Files.write(photos.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3});
        photo(photos, "c.png", 8);
        Path output = folder.resolve("results");
        List<ContentBatch.Outcome> reported = new ArrayList<>();
        List<ContentBatch.Outcome> outcomes;
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = FeedForwardModels.loadNetwork(SharedFiles.network("wave"), manager)) {
            FeedForwardStylizer stylizer = new FeedForwardStylizer(network);
            outcomes = ContentBatch.run(ContentBatch.plan(List.of(photos), output), stylizer, new ImageLoader(), saver,
                    reported::add, Cancellation.never());
            RgbImage single = stylizer.stylize(new ImageLoader().read(photos.resolve("c.png")));
            assertThat(TestPictures.meanAbsoluteDifference(new ImageLoader().read(output.resolve("c.png")), single))
                    .isLessThan(1 / 255.0);
        }
        assertThat(reported).isEqualTo(outcomes);
        assertThat(outcomes).extracting(ContentBatch.Outcome::succeeded).containsExactly(true, false, true);
        assertThat(outcomes.get(1).error()).contains("broken.jpg");
        assertThat(output.resolve("a.png")).isRegularFile();
        assertThat(output.resolve("broken.jpg")).doesNotExist();
    }

    @Test
    void aCancelledBatchStopsBeforeTheNextPhoto() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        photo(photos, "a.png", 9);
        photo(photos, "b.png", 10);
        Cancellation cancellation = new Cancellation();
        List<ContentBatch.Outcome> outcomes;
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = FeedForwardModels.loadNetwork(SharedFiles.network("wave"), manager)) {
            outcomes = ContentBatch.run(ContentBatch.plan(List.of(photos), folder.resolve("out")),
                    new FeedForwardStylizer(network), new ImageLoader(), saver, outcome -> cancellation.request(),
                    cancellation);
        }
        assertThat(outcomes).hasSize(1);
        assertThat(folder.resolve("out").resolve("b.png")).doesNotExist();
    }
}
