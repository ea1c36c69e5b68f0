package dev.atelier.pipeline;

import static dev.atelier.pipeline.BatchFixtures.json;
import static dev.atelier.pipeline.BatchFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.testing.TestBackbones;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimisation and AdaIN as the batch runs them, on seeded random networks and 32-pixel pictures. */
class MethodPairsTest {
    @TempDir
    Path folder;

    private BatchPlan plan(int styles) {
        Path photo = BatchFixtures.photo(folder, "photo.png", 40, 32, 1);
        List<Path> paintings = new ArrayList<>();
        for (int i = 0; i < styles; i++) {
            paintings.add(BatchFixtures.painting(folder, "painting" + i + ".png", 32, 32, 10 + i));
        }
        return BatchPlan.crossProduct(List.of(photo), paintings);
    }

    private static GatysOptions gatysOptions() {
        return GatysOptions.builder().optSize(32).optIterations(2).optBackbone(BackboneChoice.RANDOM_VGG19).build();
    }

    @Test
    void optimisationResultsCarryTheirLossHistoryAndTheManifestItsSettings() {
        Path output = folder.resolve("out");
        List<Double> fractions = new ArrayList<>();
        BatchListener listener = new BatchListener() {
            @Override
            public void onPairProgress(PairProgress event) {
                if (event.name().equals("photo__painting1")) {
                    fractions.add(event.fraction());
                }
            }
        };
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = TestBackbones.randomVgg19("conv5_1", 0, manager)) {
            BatchSummary summary = new BatchRunner(new GatysPairs(backbone, gatysOptions()),
                    BatchOptions.builder(output).build()).run(plan(2), listener, Cancellation.never());
            assertThat(summary.done()).isEqualTo(2);
        }

        RgbImage result = read(output.resolve("photo__painting1.png"));
        assertThat(Math.max(result.width(), result.height())).isEqualTo(32);
        JsonObject report = json(output.resolve("photo__painting1.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("gatys");
        assertThat(report.getAsJsonArray("history")).hasSize(3);
        assertThat(report.getAsJsonObject("files").get("style").getAsString()).endsWith("painting1.png");
        JsonObject settings = json(output.resolve(Manifest.FILE_NAME)).getAsJsonObject("settings");
        assertThat(settings.get("method").getAsString()).isEqualTo("gatys");
        assertThat(settings.get("size").getAsInt()).isEqualTo(32);
        JsonObject gatys = settings.getAsJsonObject("method_settings");
        assertThat(gatys.get("iterations").getAsInt()).isEqualTo(2);
        assertThat(gatys.get("backbone_used").getAsString()).isEqualTo("random-vgg19");
        assertThat(gatys.has("learning_rate")).as("Adam's rate does not shape an L-BFGS run").isFalse();
        assertThat(fractions).isNotEmpty().isSorted();
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void anOptimisationStoppedMidwayIsNotSavedAndStaysPending() {
        Path output = folder.resolve("out");
        Cancellation cancellation = new Cancellation();
        BatchListener stopAtOnce = new BatchListener() {
            @Override
            public void onPairProgress(PairProgress event) {
                cancellation.request();
            }
        };
        BatchSummary summary;
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = TestBackbones.randomVgg19("conv5_1", 0, manager)) {
            summary = new BatchRunner(new GatysPairs(backbone, gatysOptions().toBuilder().optIterations(50).build()),
                    BatchOptions.builder(output).build()).run(plan(2), stopAtOnce, cancellation);
        }

        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.done()).isZero();
        assertThat(summary.pending()).isEqualTo(2);
        assertThat(output.resolve("photo__painting0.png")).doesNotExist();
        assertThat(Manifest.read(output)).extracting(ManifestEntry::status).containsOnly(PairStatus.PENDING);
    }

    @Test
    void adainEncodesEachPaintingOnceAndRepaintsEveryPhoto() {
        Path output = folder.resolve("out");
        try (NDManager manager = NDManager.newBaseManager();
                NormalisedVggEncoder encoder = NormalisedVggEncoder.fromStateDict(
                        NormalisedVggEncoder.randomStateDict(1), manager, "random");
                AdainDecoder decoder = AdainDecoder.fromStateDict(AdainDecoder.initialStateDict(2), manager)) {
            AdainPairs.Settings settings = new AdainPairs.Settings(0.8, false, 32, 32, encoder.description(),
                    encoder.weightsSha256(), "initial decoder", "-");
            BatchSummary summary = new BatchRunner(new AdainPairs(new AdainStylizer(encoder, decoder), settings),
                    BatchOptions.builder(output).optCrop(CropMode.CENTER).optSize(32).build())
                    .run(plan(2), BatchListener.silent(), Cancellation.never());
            assertThat(summary.done()).isEqualTo(2);
        }
        RgbImage result = read(output.resolve("photo__painting0.png"));
        assertThat(result.width()).isEqualTo(32);
        assertThat(result.height()).isEqualTo(32);
        JsonObject report = json(output.resolve("photo__painting0.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("adain");
        assertThat(report.getAsJsonObject("settings").get("alpha").getAsDouble()).isEqualTo(0.8);
        assertThat(report.getAsJsonObject("batch").get("crop").getAsString()).isEqualTo("center");
    }
}
