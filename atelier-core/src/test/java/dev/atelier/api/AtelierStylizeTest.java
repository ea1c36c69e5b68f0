package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.NonFiniteLossException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.nn.EmbeddedVgg;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.Report;
import dev.atelier.testing.TestFiles;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.download.DownloadFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One photo through the entry point with each method: the image, one report schema, and the extras. */
class AtelierStylizeTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private Path photo;
    private Path painting;

    @BeforeEach
    void inputs() {
        atelier = TestAtelier.in(folder.resolve("home"));
        photo = TestFiles.photo(folder, "photo.png", 48, 36, 1);
        painting = TestFiles.painting(folder, "painting.jpg", 40, 40, 2);
    }

    private StylizeRequest.Builder gatys(Path output) {
        return StylizeRequest.builder().optContent(photo).optStyle(painting).optOutput(output)
                .optOptions(Map.of("size", "32", "iterations", "3", "backbone", "random-vgg19"));
    }

    @Test
    void optimisationWritesTheImageAReportOfTheSchemaAndEveryExtra() {
        Path output = folder.resolve("result.png");
        List<StepFinished> steps = new ArrayList<>();
        List<Long> images = new ArrayList<>();
        RunListener listener = event -> {
            if (event instanceof StepFinished step) {
                steps.add(step);
            } else if (event instanceof ImageFormed formed) {
                images.add(formed.step());
            }
        };

        StylizeOutcome outcome = atelier.stylize(gatys(output).optPlot(folder.resolve("losses.png"))
                .optSideBySide(folder.resolve("trio.jpg")).optSaveEvery(2).build(), listener, Cancellation.never());

        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(32);
        assertThat(result.height()).isEqualTo(24);
        assertThat(folder.resolve("losses.png")).isRegularFile();
        assertThat(folder.resolve("trio.jpg")).isRegularFile();
        assertThat(folder.resolve("result.iter-0002.png")).isRegularFile();
        assertThat(images).containsExactly(2L);
        assertThat(steps).extracting(StepFinished::step).containsExactly(0L, 1L, 2L, 3L);
        assertThat(outcome.images()).containsExactly(output);

        JsonObject report = TestFiles.report(folder.resolve("result.json"));
        assertThat(report.get("format").getAsString()).isEqualTo(Report.FORMAT);
        assertThat(report.get("format_version").getAsInt()).isEqualTo(Report.FORMAT_VERSION);
        assertThat(report.keySet()).contains("command", "method", "created", "versions", "inputs", "outputs",
                "settings", "models", "result", "history");
        assertThat(report.getAsJsonObject("inputs").get("content").getAsString()).isEqualTo(photo.toString());
        assertThat(report.getAsJsonObject("outputs").get("image").getAsString()).isEqualTo(output.toString());
        assertThat(report.getAsJsonObject("outputs").get("plot").getAsString()).endsWith("losses.png");
        assertThat(report.getAsJsonObject("settings").get("iterations").getAsInt()).isEqualTo(3);
        assertThat(report.getAsJsonObject("settings").get("style_weight").getAsDouble()).isEqualTo(1);
        assertThat(report.getAsJsonObject("settings").get("loss_scaling").getAsString()).isEqualTo("relative");
        JsonObject backbone = report.getAsJsonArray("models").get(0).getAsJsonObject();
        assertThat(backbone.get("role").getAsString()).isEqualTo("backbone");
        assertThat(backbone.get("name").getAsString()).isEqualTo("random-vgg19");
        assertThat(backbone.get("seed").getAsLong()).isZero();
        assertThat(backbone.get("sha256").getAsString()).hasSize(64);
        JsonArray history = report.getAsJsonArray("history");
        assertThat(history).hasSize(4);
        for (JsonElement line : history) {
            JsonObject entry = line.getAsJsonObject();
            double sum = 0;
            for (Map.Entry<String, JsonElement> term : entry.getAsJsonObject("losses").entrySet()) {
                sum += term.getValue().getAsDouble();
            }
            // One definition everywhere: the terms are weighted, the total is their sum.
            assertThat(entry.get("total").getAsDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(
                    1e-9 * Math.abs(sum) + 1e-12));
        }
        assertThat(outcome.report().get("result").getAsJsonObject().get("width").getAsInt()).isEqualTo(32);
    }

    /**
     * A newcomer's first run: no backbone named, nothing downloaded, no network. The real network that
     * comes with Atelier paints, with its own layers (content conv4_1, style to conv4_1), and nothing
     * warns about a fall-back.
     */
    @Test
    void theDefaultBackboneWithNothingDownloadedIsTheEmbeddedNetworkWithItsOwnLayersAndNoWarning() {
        Path output = folder.resolve("first.png");
        List<String> warnings = new ArrayList<>();
        atelier.stylize(StylizeRequest.builder().optContent(photo).optStyle(painting).optOutput(output)
                .optOptions(Map.of("size", "32", "iterations", "2")).build(), event -> {
                    if (event instanceof Warning warning) {
                        warnings.add(warning.message());
                    }
                }, Cancellation.never());

        assertThat(warnings).isEmpty();
        JsonObject report = TestFiles.report(folder.resolve("first.json"));
        JsonObject settings = report.getAsJsonObject("settings");
        assertThat(settings.get("backbone").getAsString()).isEqualTo("auto");
        assertThat(settings.get("backbone_used").getAsString()).isEqualTo("embedded");
        assertThat(settings.get("content_layers").toString()).contains("conv4_1").doesNotContain("conv4_2");
        assertThat(settings.get("style_layers").toString()).contains("conv4_1").doesNotContain("conv5_1");
        JsonObject backbone = report.getAsJsonArray("models").get(0).getAsJsonObject();
        assertThat(backbone.get("name").getAsString()).isEqualTo("embedded");
        assertThat(backbone.get("sha256").getAsString()).isEqualTo(EmbeddedVgg.SHA256);
        assertThat(new ImageLoader().read(output).width()).isEqualTo(32);
    }

    /**
     * AdaIN with the release's decoder given as a file and nothing downloaded: its encoder is the one
     * that comes with Atelier, so the decoder alone is enough; named explicitly it is the same.
     */
    @Test
    void adainWithAReleaseDecoderAloneUsesTheEmbeddedEncoderWhenTheReleaseEncoderIsNotCached() {
        Path decoder = folder.resolve("decoder.safetensors");
        SafetensorsWriter.write(decoder, AdainDecoder.initialStateDict(4));
        for (String encoder : new String[] {null, "embedded"}) {
            Path output = folder.resolve("adain-" + encoder + ".png");
            Map<String, String> options = new java.util.HashMap<>(Map.of("size", "32", "decoder", decoder.toString()));
            if (encoder != null) {
                options.put("encoder", encoder);
            }
            atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo).optStyle(painting)
                    .optOutput(output).optOptions(options).build());
            JsonObject used = TestFiles.report(folder.resolve("adain-" + encoder + ".json")).getAsJsonArray("models")
                    .get(0).getAsJsonObject();
            assertThat(used.get("role").getAsString()).isEqualTo("encoder");
            assertThat(used.get("sha256").getAsString()).as("encoder %s", encoder).isEqualTo(EmbeddedVgg.SHA256);
            assertThat(new ImageLoader().read(output).width()).isEqualTo(32);
        }
    }

    /** A decoder trained on other normalised weights needs those: offline, the failure names the option. */
    @Test
    void aDecoderTrainedOnTheFullReleaseEncoderStillAsksForItAndSaysWhereACopyGoes() {
        Path decoder = folder.resolve("trained.safetensors");
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
                var encoder = NormalisedVggEncoder.fromStateDict(NormalisedVggEncoder.randomStateDict(1), manager,
                        "804ca2835ecf7539f0cd2a7ac3c18ce81e6f8468969ae7117ac0c148d286bb4a")) {
            AdainModels.writeDecoder(decoder, AdainDecoder.initialStateDict(4), encoder, null);
        }
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo)
                .optStyle(painting).optOutput(folder.resolve("x.png"))
                .optOptions(Map.of("size", "32", "decoder", decoder.toString())).build()))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("adain-encoder (adain-vgg_normalised.pth) as encoder")
                .hasMessageContaining("ATELIER_MIRROR");
    }

    @Test
    void adainRepaintsWithTheDecodersOwnEncoderAndReportsBoth() {
        Path decoder = TestFiles.adainDecoder(folder, "decoder.safetensors", 9);
        Path other = TestFiles.painting(folder, "other.png", 30, 50, 3);
        Path output = folder.resolve("adain.png");

        atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo).optStyles(List.of(painting, other))
                .optOutput(output).optSideBySide(folder.resolve("quad.png"))
                .optOptions(Map.of("size", "32", "decoder", decoder.toString(), "style-weights", "1,3", "alpha", "0.8"))
                .build());

        assertThat(new ImageLoader().read(output).width()).isEqualTo(32);
        JsonObject report = TestFiles.report(folder.resolve("adain.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("adain");
        assertThat(report.getAsJsonObject("inputs").getAsJsonArray("styles")).hasSize(2);
        assertThat(report.getAsJsonObject("settings").get("alpha").getAsDouble()).isEqualTo(0.8);
        assertThat(report.getAsJsonObject("result").getAsJsonArray("normalized_style_weights").get(1).getAsDouble())
                .isEqualTo(0.75);
        JsonArray models = report.getAsJsonArray("models");
        assertThat(models.get(0).getAsJsonObject().get("role").getAsString()).isEqualTo("encoder");
        assertThat(models.get(0).getAsJsonObject().get("seed").getAsLong()).isEqualTo(9);
        assertThat(models.get(1).getAsJsonObject().get("role").getAsString()).isEqualTo("decoder");
        assertThat(report.has("history")).as("a one-pass method keeps no loss history").isFalse();
    }

    @Test
    void aModelFileRepaintsAPhotoAtItsOwnSize() {
        Path model = TestFiles.feedForwardModel(folder, "stripes.safetensors", 3);
        Path output = folder.resolve("ff.png");

        atelier.stylize(StylizeRequest.builder().optContent(photo).optModel(model.toString()).optOutput(output)
                .build());

        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(48);
        assertThat(result.height()).isEqualTo(36);
        JsonObject report = TestFiles.report(folder.resolve("ff.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
        assertThat(report.getAsJsonObject("inputs").getAsJsonArray("models").get(0).getAsString())
                .isEqualTo(model.toString());
        assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("role").getAsString())
                .isEqualTo("model");
    }

    @Test
    void aLossThatBecomesInfiniteStopsWithOneLineAndWritesNoReport() {
        Path output = folder.resolve("diverged.png");

        assertThatThrownBy(() -> atelier.stylize(gatys(output).optOption("style-weight", "1e300").build()))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageStartingWith("at iteration ").hasMessageEndingWith("style-weight is too large for float32 "
                        + "arithmetic; lower it");
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("diverged.json")).doesNotExist();
    }

    @Test
    void photosTooSmallForTheMethodAreOneLineNamingTheFileAndTheSizeNeeded() {
        Path narrow = TestFiles.photo(folder, "narrow.png", 200, 12, 4);
        Path thin = TestFiles.photo(folder, "thin.png", 3, 200, 5);
        Path model = TestFiles.feedForwardModel(folder, "m.safetensors", 1);
        Path decoder = TestFiles.adainDecoder(folder, "decoder.safetensors", 9);

        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optContent(thin).optStyle(painting)
                .optOutput(folder.resolve("a.png")).optOption("iterations", 2).optOption("backbone", "random-vgg19")
                .build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(thin + ": 3x200, brought to 8x512 (size 512): at 512 px, the only scale, it is 8 px "
                        + "across, but layer conv5_1 needs 16; its short side must be at least 16 px at this size");
        // A narrow photo that fits at full size is optimised with fewer scales instead of refused.
        StylizeOutcome narrowRun = atelier.stylize(StylizeRequest.builder().optContent(narrow).optStyle(painting)
                .optOutput(folder.resolve("narrow-result.png")).optOption("iterations", 1)
                .optOption("backbone", "random-vgg19").build());
        assertThat(narrowRun.images()).hasSize(1);
        assertThatThrownBy(() -> atelier.stylize(gatys(folder.resolve("b.png")).optOption("size", "16").build()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(photo + ": 48x36, brought to 16x12 (size 16): at 16 px, the only scale, it is "
                        + "12 px across, but layer conv5_1 needs 16");
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optContent(thin)
                .optModel(model.toString()).optOutput(folder.resolve("c.png")).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(thin + ": 3x200: a feed-forward network needs at least 16 pixels on each side");
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(thin)
                .optStyle(painting).optOutput(folder.resolve("d.png")).optOption("decoder", decoder).build()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(thin + ": 3x200, brought to 8x512 (size 512): AdaIN needs at least 16 pixels on each "
                        + "side");
        assertThat(folder.resolve("a.png")).doesNotExist();
    }

    @Test
    void optionsThatDoNotFitTheMethodOrEachOtherAreRefusedBeforeAnyWork() {
        Path output = folder.resolve("never.png");
        assertThatThrownBy(() -> atelier.stylize(gatys(output).optOption("alpha", "0.5").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("alpha: unknown option");
        assertThatThrownBy(() -> atelier.stylize(gatys(output).optOption("style-layers", "conv1_1=1,relu1_1=2")
                .build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("style-layers: conv1_1 and relu1_1 are the same layer");
        assertThatThrownBy(() -> atelier.stylize(gatys(output).optMethod("gatys").optModel("candy").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("model: does not apply to gatys");
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optMethod("adain").optContent(photo)
                .optStyle(painting).optOutput(output).optPlot(folder.resolve("p.png")).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("plot: does not apply to adain: it keeps no loss history");
        assertThatThrownBy(() -> atelier.stylize(gatys(output).optOption("iterations", "-1").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessage("iterations: must not be negative, got -1");
        assertThat(output).doesNotExist();
    }

    @Test
    void aCancelledOptimisationKeepsItsBestImageAndSaysSo() {
        Cancellation cancellation = new Cancellation();
        RunListener stopAfterOne = event -> {
            if (event instanceof StepFinished step && step.step() == 1) {
                cancellation.request();
            }
        };
        StylizeOutcome outcome = atelier.stylize(gatys(folder.resolve("stopped.png")).build(), stopAfterOne,
                cancellation);

        assertThat(outcome.cancelled()).isTrue();
        assertThat(folder.resolve("stopped.png")).isRegularFile();
        JsonObject report = TestFiles.report(folder.resolve("stopped.json"));
        assertThat(report.getAsJsonObject("result").get("cancelled").getAsBoolean()).isTrue();
        assertThat(report.getAsJsonArray("history")).hasSize(2);
    }

    @Test
    void aMissingInputIsNamed() {
        Path missing = folder.resolve("missing.jpg");
        assertThatThrownBy(() -> atelier.stylize(StylizeRequest.builder().optContent(missing).optStyle(painting)
                .optOutput(folder.resolve("x.png")).build()))
                .isInstanceOf(BadInputException.class).hasMessage(missing + ": no such file (content)");
        assertThat(Files.exists(folder.resolve("x.png"))).isFalse();
    }
}
