package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.api.SessionPairs;
import dev.atelier.method.MethodContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.magenta.MagentaMethod;
import dev.atelier.method.magenta.MagentaOptions;
import dev.atelier.method.magenta.MagentaSession;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.download.DownloadListener;
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
        MagentaOptions options = MagentaOptions.SCHEMA.parse(Map.of(
                "predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR).toString(),
                "transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16).toString()));
        MagentaSession session = new MagentaMethod().open(options, new MethodContext(
                ModelStore.fromEnvironment(Map.of("ATELIER_HOME", folder.toString()), folder), DownloadListener.SILENT,
                warning -> {}));
        BatchFixtures.CountingMethod<MagentaSession.PreparedStyle> counting = new BatchFixtures.CountingMethod<>(
                new SessionPairs<>("batch", "magenta", StyleKind.PAINTINGS, new JsonObject(), 0, session));
        try (counting) {
            BatchSummary summary = new BatchRunner(counting, BatchOptions.builder(folder.resolve("out")).build())
                    .run(BatchPlan.crossProduct(photos, List.of(SharedFiles.style("starry_night.jpg"))),
                            BatchListener.silent(), Cancellation.never());

            assertThat(summary.done()).isEqualTo(3);
        }
        assertThat(counting.prepared).as("one embedding for the painting, reused by every photo").hasSize(1);
        assertThat(Files.exists(folder.resolve("out/photo2__starry_night.png"))).isTrue();
    }
}
