package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.NormalisedVggEncoder;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import dev.atelier.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier batch} as a user runs it: layouts, exit codes and one-line errors. */
class BatchCommandTest {
    @TempDir
    Path folder;
    private Path photos;
    private Path model;
    private Path output;

    @BeforeEach
    void inputs() throws IOException {
        photos = Files.createDirectories(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(40, 32, 1), photos.resolve("a.png"));
        new ImageSaver().write(TestPictures.photo(32, 40, 2), photos.resolve("b.jpg"));
        model = folder.resolve("wave.safetensors");
        ModelFile.write(model, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES,
                TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 3), "wave", new JsonObject(),
                null));
        output = folder.resolve("out");
    }

    /** Runs the command with Main's error handling, capturing standard error. */
    private static CommandLineRun batch(String... arguments) {
        List<String> all = new ArrayList<>(List.of("batch"));
        all.addAll(List.of(arguments));
        return CommandLineRun.of(all.toArray(String[]::new));
    }

    private static JsonObject json(Path file) {
        return TestFiles.report(file);
    }

    @Test
    void theSingleFolderLayoutWithNumberedFoldersRunsOptimisationWithItsOptions() throws IOException {
        Path input = Files.createDirectories(folder.resolve("input"));
        new ImageSaver().write(TestPictures.photo(40, 32, 1), input.resolve("content_1.png"));
        new ImageSaver().write(TestPictures.photo(40, 32, 2), input.resolve("content_2.png"));
        new ImageSaver().write(TestPictures.painting(32, 32, 3), input.resolve("style_1.png"));

        CommandLineRun run = batch("--input", input.toString(), "--numbered", "--output", output.toString(),
                "--size", "32", "--iterations", "0", "--style-weight", "5", "--backbone", "random-vgg19", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(output.resolve("gen_0/content_1__style_1.png")).isRegularFile();
        assertThat(output.resolve("gen_1/content_2__style_1.png")).isRegularFile();
        JsonObject report = json(output.resolve("gen_1/content_2__style_1.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("gatys");
        assertThat(report.getAsJsonObject("settings").get("style_weight").getAsDouble()).isEqualTo(5);
        assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("name").getAsString())
                .isEqualTo("random-vgg19");
        assertThat(output.resolve("contact-sheet.png")).isRegularFile();
        assertThat(Files.readString(output.resolve("index.html"))).contains("gen_1/content_2__style_1.png");
    }

    /**
     * Cropping to the method's size works with that size given (it was always refused: "center
     * cropping needs a --size", since the batch's options were checked before the size came in).
     */
    @Test
    void photosAreCroppedToTheMethodsSize() {
        for (String crop : List.of("center", "random")) {
            Path folderForCrop = output.resolveSibling("out-" + crop);
            CommandLineRun run = batch("--content", photos.toString(), "--model", model.toString(), "--crop", crop,
                    "--size", "24", "--output", folderForCrop.toString(), "--quiet");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
            RgbImage a = new ImageLoader().read(folderForCrop.resolve("a__wave.png"));
            RgbImage b = new ImageLoader().read(folderForCrop.resolve("b__wave.png"));
            assertThat(List.of(a.width(), a.height(), b.width(), b.height())).as(crop).containsOnly(24);
        }
        CommandLineRun noSize = batch("--content", photos.toString(), "--model", model.toString(), "--crop", "center",
                "--size", "0", "--output", output.toString(), "--quiet");
        assertThat(noSize.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noSize.errorLines()).hasSize(1);
        assertThat(noSize.errorLines().get(0)).contains("--size");
    }

    @Test
    void anUnreadablePhotoFailsItsPairsAndTheBatchExitsWithFour() throws IOException {
        Files.writeString(photos.resolve("c.png"), "not a picture");

        CommandLineRun run = batch("--content", photos.toString(), "--model", model.toString(), "--output",
                output.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(run.err()).contains("atelier: error: c__wave: " + photos.resolve("c.png") + ": not an image")
                .contains("1 failed").contains("failed pairs");
        RgbImage result = new ImageLoader().read(output.resolve("a__wave.png"));
        assertThat(result.width()).as("a model keeps each photo's size").isEqualTo(40);
        assertThat(output.resolve("b__wave.png")).isRegularFile();
        assertThat(output.resolve("c__wave.png")).doesNotExist();

        Files.delete(photos.resolve("c.png"));
        CommandLineRun again = batch("--content", photos.toString(), "--model", model.toString(), "--output",
                output.toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(again.err()).contains("2 already done");
    }

    @Test
    void changedSettingsAreRefusedInOneLineUntilOverwriteIsGiven() {
        String[] first = {"--content", photos.toString(), "--model", model.toString(), "--output", output.toString(),
                "--size", "32", "--quiet"};
        assertThat(batch(first).exitCode()).isEqualTo(ExitCode.SUCCESS);

        CommandLineRun refused = batch("--content", photos.toString(), "--model", model.toString(), "--output",
                output.toString(), "--size", "36", "--quiet");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString().contains("size 32 → 36").contains("--overwrite");

        CommandLineRun overwritten = batch("--content", photos.toString(), "--model", model.toString(), "--output",
                output.toString(), "--size", "36", "--overwrite", "--quiet");
        assertThat(overwritten.exitCode()).as(overwritten.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(new ImageLoader().read(output.resolve("a__wave.png")).width()).isEqualTo(36);
    }

    @Test
    void aPairsFileWithAMistakeNamesItsLine() throws IOException {
        Path csv = folder.resolve("pairs.csv");
        Files.writeString(csv, "content,style\nphotos/a.png,wave.safetensors\nphotos/a.png\n");

        CommandLineRun run = batch("--pairs", csv.toString(), "--method", "feedforward", "--output", output.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines()).containsExactly("atelier: error: " + csv
                + ": line 3: expected content,style[,name] but found 1 field");
        assertThat(output).doesNotExist();

        Files.writeString(csv, "photos/a.png,wave.safetensors,first\nphotos/b.jpg,wave.safetensors\n");
        CommandLineRun fixed = batch("--pairs", csv.toString(), "--method", "feedforward", "--output",
                output.toString(), "--format", "jpg", "--quiet");
        assertThat(fixed.exitCode()).as(fixed.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(output.resolve("first.jpg")).isRegularFile();
        assertThat(output.resolve("b__wave.jpg")).isRegularFile();
        assertThat(output.resolve("contact-sheet.jpg")).isRegularFile();
    }

    @Test
    void adainRunsWithLocalEncoderAndDecoderFiles() throws IOException {
        Path styles = Files.createDirectories(folder.resolve("styles"));
        new ImageSaver().write(TestPictures.painting(32, 32, 5), styles.resolve("stripes.png"));
        Path encoder = folder.resolve("encoder.safetensors");
        SafetensorsWriter.write(encoder, NormalisedVggEncoder.randomStateDict(1).asMap(), Map.of());
        Path decoder = folder.resolve("decoder.safetensors");
        SafetensorsWriter.write(decoder, AdainDecoder.initialStateDict(2).asMap(),
                Map.of("format", AdainModels.DECODER_FORMAT, "format_version", "1", "encoder", "vgg_normalised"));

        CommandLineRun run = batch("--method", "adain", "--content", photos.toString(), "--style", styles.toString(),
                "--encoder", encoder.toString(), "--decoder", decoder.toString(), "--size", "32", "--alpha", "0.5",
                "--preserve-color", "--output", output.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        RgbImage result = new ImageLoader().read(output.resolve("b__stripes.png"));
        assertThat(Math.max(result.width(), result.height())).isEqualTo(32);
        JsonObject settings = json(output.resolve("a__stripes.json")).getAsJsonObject("settings");
        assertThat(settings.get("alpha").getAsDouble()).isEqualTo(0.5);
        assertThat(settings.get("preserve_color").getAsString()).isEqualTo("luminance");

        CommandLineRun badAlpha = batch("--method", "adain", "--content", photos.toString(), "--style",
                styles.toString(), "--alpha", "2", "--output", output.toString());
        assertThat(badAlpha.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badAlpha.errorLines()).containsExactly("atelier: error: --alpha: must be between 0 and 1, got 2.0");
    }

    @Test
    void inputsGivenTwoWaysOrAModelWithAnotherMethodAreRefused() {
        CommandLineRun twoWays = batch("--content", photos.toString(), "--input", photos.toString(), "--model",
                model.toString(), "--output", output.toString());
        assertThat(twoWays.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(twoWays.errorLines()).singleElement().asString().contains("give the photos one way: --content");

        CommandLineRun modelWithGatys = batch("--content", photos.toString(), "--model", model.toString(),
                "--method", "gatys", "--output", output.toString());
        assertThat(modelWithGatys.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(modelWithGatys.errorLines()).singleElement().asString()
                .contains("--model: does not apply to gatys");

        CommandLineRun cropWithoutSize = batch("--content", photos.toString(), "--model", model.toString(),
                "--crop", "center", "--output", output.toString());
        assertThat(cropWithoutSize.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cropWithoutSize.errorLines()).singleElement().asString()
                .isEqualTo("atelier: error: --crop: center cropping needs a --size (this method keeps photos at their "
                        + "own size by default)");
    }
}
