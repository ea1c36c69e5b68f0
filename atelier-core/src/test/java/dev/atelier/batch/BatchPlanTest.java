package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pairs a batch makes and what their results are called. */
class BatchPlanTest {
    @TempDir
    Path folder;

    @Test
    void pairsRunPhotoByPhotoNamedAfterBothInputs() {
        BatchPlan plan = BatchPlan.crossProduct(List.of(Path.of("in/tubingen.jpg"), Path.of("in/chicago.png")),
                List.of(Path.of("art/starry_night.jpg"), Path.of("art/wave.png")));

        assertThat(plan.pairs()).extracting(BatchPlan.Pair::name).containsExactly("tubingen__starry_night",
                "tubingen__wave", "chicago__starry_night", "chicago__wave");
        assertThat(plan.contentOf(plan.pairs().get(2))).isEqualTo(Path.of("in/chicago.png"));
    }

    @Test
    void inputsSharingANameStillGetResultsOfTheirOwn() {
        BatchPlan plan = BatchPlan.crossProduct(List.of(Path.of("a/photo.jpg"), Path.of("a/photo.png"),
                Path.of("b/Photo.png")), List.of(Path.of("s.png")));
        BatchPlan twice = BatchPlan.crossProduct(List.of(Path.of("a/x.png"), Path.of("a/x.png")),
                List.of(Path.of("s.png")));
        assertThat(twice.pairs()).extracting(BatchPlan.Pair::name).containsExactly("a_x__s", "a_x-2__s");

        // photo.jpg and photo.png differ by extension; the two photo.png by their folders.
        assertThat(plan.pairs()).extracting(BatchPlan.Pair::name).containsExactly("photo_jpg__s", "a_photo__s",
                "b_Photo__s");
    }

    @Test
    void foldersListTheirImagesByNameAndTheSingleFolderLayoutSplitsByPrefix() throws IOException {
        for (String name : new String[] {"content_b.jpg", "content_a.png", "style_x.jpeg", "notes.txt",
                ".content_hidden.png"}) {
            Files.writeString(folder.resolve(name), "-");
        }

        assertThat(BatchInputs.contentsIn(folder)).containsExactly(folder.resolve("content_a.png"),
                folder.resolve("content_b.jpg"));
        assertThat(BatchInputs.stylesIn(folder)).containsExactly(folder.resolve("style_x.jpeg"));
        assertThat(BatchInputs.images(List.of(folder), "content")).hasSize(3);
        Path empty = Files.createDirectories(folder.resolve("empty"));
        assertThatThrownBy(() -> BatchInputs.images(List.of(empty), "style")).isInstanceOf(BadInputException.class)
                .hasMessage(empty + ": style folder holds no .jpg or .png images");
        assertThatThrownBy(() -> BatchInputs.contentsIn(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds no content_* images");
    }
}
