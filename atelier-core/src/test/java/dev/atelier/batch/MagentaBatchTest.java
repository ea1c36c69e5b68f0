package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.api.Style;
import dev.atelier.api.StylistRequest;
import dev.atelier.progress.RunListener;
import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Magenta in a batch: each painting's style is predicted once and reused by every photo. */
class MagentaBatchTest {
    @TempDir
    Path folder;

    @Test
    void aBatchPredictsEachPaintingsStyleOnce() throws IOException {
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            photos.add(BatchFixtures.photo(folder, "photo" + i + ".png", 40, 32, i));
        }
        BatchFixtures.CountingMethod<Style> counting = BatchFixtures.stylist(StylistRequest.builder()
                .optMethod("magenta").optOption("size", 0)
                .optOption("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR))
                .optOption("transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16))
                .build());
        try (counting) {
            BatchSummary summary = new BatchRunner(counting, BatchOptions.builder(folder.resolve("out")).build())
                    .run(BatchPlan.crossProduct(photos, List.of(SharedFiles.style("starry_night.jpg"))),
                            RunListener.silent(), Cancellation.never());

            assertThat(summary.done()).isEqualTo(3);
        }
        assertThat(counting.prepared).as("one embedding for the painting, reused by every photo").hasSize(1);
        assertThat(Files.exists(folder.resolve("out/photo2__starry_night.png"))).isTrue();
    }
}
