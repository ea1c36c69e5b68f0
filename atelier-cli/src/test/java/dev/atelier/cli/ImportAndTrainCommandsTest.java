package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageSaver;
import dev.atelier.method.feedforward.FeedForwardModels;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier import} and {@code atelier train} end to end (run through picocli as Main would). */
class ImportAndTrainCommandsTest {
    @TempDir
    Path folder;

    @Test
    void importWritesAModelFileThatLoads() {
        Path output = folder.resolve("wave.safetensors");
        CommandLineRun run = CommandLineRun.of("import", SharedFiles.network("wave").toString(), "--output",
                output.toString(), "--style", "The Great Wave off Kanagawa");
        assertThat(run.exitCode()).as(run.err()).isZero();
        ModelFile.Model model = FeedForwardModels.read(output);
        assertThat(model.layout()).isEqualTo(TransformerLayout.TENSORFLOW);
        assertThat(model.style()).isEqualTo("The Great Wave off Kanagawa");
    }

    @Test
    void importOfAPthFileKeepsItsLayout() {
        Path pth = folder.resolve("candy.pth");
        TorchSaveFiles.writeLegacy(pth, TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 2)
                .asMap());
        Path output = folder.resolve("candy.safetensors");
        assertThat(CommandLineRun.of("import", pth.toString(), "-o", output.toString()).exitCode()).isZero();
        assertThat(FeedForwardModels.read(output).layout()).isEqualTo(TransformerLayout.PYTORCH_EXAMPLES);
        assertThat(FeedForwardModels.read(output).style()).isEqualTo("candy");
    }

    @Test
    void importOfSomethingElseFailsWithoutWritingAFile() throws IOException {
        Path notAModel = Files.writeString(folder.resolve("readme.pth"), "hello");
        Path output = folder.resolve("out.safetensors");
        CommandLineRun run = CommandLineRun.of("import", notAModel.toString(), "-o", output.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines()).hasSize(1).allMatch(line -> line.contains("readme.pth"));
        assertThat(output).doesNotExist();
    }

    @Test
    void trainWritesTheModelItsReportAndPlotAndResumesOnlyWhenAsked() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        ImageSaver saver = new ImageSaver();
        for (int i = 0; i < 4; i++) {
            saver.write(TestPictures.photo(40, 36, i), photos.resolve("photo-" + i + ".png"));
        }
        Path style = folder.resolve("stripes.png");
        saver.write(TestPictures.painting(40, 40, 1), style);
        Path output = folder.resolve("stripes.safetensors");
        Path plot = folder.resolve("loss.png");
        String[] arguments = {"train", "--style", style.toString(), "--data", photos.toString(), "--output", output.toString(),
            "--backbone", "random-vgg16", "--steps", "4", "--batch-size", "1", "--image-size", "32", "--style-size",
            "32", "--validate-every", "2", "--checkpoint-every", "2", "--layout", "tensorflow", "--plot",
            plot.toString(), "--quiet"};
        CommandLineRun first = CommandLineRun.of(arguments);
        assertThat(first.exitCode()).as(first.err()).isZero();

        assertThat(FeedForwardModels.read(output).layout()).isEqualTo(TransformerLayout.TENSORFLOW);
        assertThat(plot).isRegularFile();
        JsonObject report = TestFiles.report(folder.resolve("stripes.json"));
        assertThat(report.get("command").getAsString()).isEqualTo("train");
        assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
        assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("name").getAsString())
                .isEqualTo("random-vgg16");
        JsonObject settings = report.getAsJsonObject("settings");
        assertThat(settings.get("content_weight").getAsDouble()).isEqualTo(1e5);
        assertThat(settings.get("image_size").getAsInt()).isEqualTo(32);
        assertThat(settings.get("seed").getAsLong()).isEqualTo(42);
        assertThat(report.getAsJsonArray("history")).hasSize(4);
        assertThat(report.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(4);

        // The checkpoint is never silently overwritten by a fresh run.
        CommandLineRun again = CommandLineRun.of(arguments);
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.errorLines()).hasSize(1).allMatch(line -> line.contains("--resume"));

        String[] resumed = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        resumed[arguments.length] = "--resume";
        assertThat(CommandLineRun.of(resumed).exitCode()).isZero();
        JsonObject afterResume = TestFiles.report(folder.resolve("stripes.json"));
        assertThat(afterResume.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(4);
        assertThat(afterResume.getAsJsonArray("history")).hasSize(4);
    }

    @Test
    void trainingOnOnePhotoHasNoValidationAndItsReportIsStrictJson() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("one"));
        new ImageSaver().write(TestPictures.photo(40, 36, 1), photos.resolve("only.png"));
        Path style = folder.resolve("stripes.png");
        new ImageSaver().write(TestPictures.painting(40, 40, 1), style);
        Path output = folder.resolve("one.safetensors");

        CommandLineRun run = CommandLineRun.of("train", "--style", style.toString(), "--data", photos.toString(),
                "--output", output.toString(), "--backbone", "random-vgg16", "--steps", "2", "--batch-size", "1",
                "--image-size", "32", "--style-size", "32", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonObject report = TestFiles.report(folder.resolve("one.json"));
        assertThat(report.getAsJsonObject("result").has("best_validation")).isFalse();
        assertThat(report.getAsJsonArray("history")).hasSize(2)
                .allMatch(entry -> !entry.getAsJsonObject().has("validation"));
        assertThat(report.getAsJsonObject("result").get("model_written").getAsBoolean()).isTrue();
    }

    @Test
    void severalPaintingsTrainOneNetworkWhoseStylizePicksOrBlendsThem() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("few"));
        new ImageSaver().write(TestPictures.photo(40, 36, 1), photos.resolve("only.png"));
        Path stripes = folder.resolve("stripes.png");
        new ImageSaver().write(TestPictures.painting(40, 40, 1), stripes);
        Path other = folder.resolve("other.png");
        new ImageSaver().write(TestPictures.painting(40, 40, 2), other);
        Path output = folder.resolve("two.safetensors");

        CommandLineRun run = CommandLineRun.of("train", "--style", stripes.toString(), other.toString(), "--data",
                photos.toString(), "--output", output.toString(), "--backbone", "random-vgg16", "--steps", "2",
                "--batch-size", "2", "--image-size", "32", "--style-size", "32", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ModelFile.paintings(output)).containsExactly("stripes.png", "other.png");
        assertThat(TestFiles.report(folder.resolve("two.json")).getAsJsonObject("inputs").getAsJsonArray("style"))
                .hasSize(2);
        CommandLineRun second = CommandLineRun.of("stylize", "--model", output.toString(), "--content",
                photos.resolve("only.png").toString(), "--output", folder.resolve("second.png").toString(),
                "--style-index", "2", "--quiet");
        assertThat(second.exitCode()).as(second.err()).isZero();
        CommandLineRun blend = CommandLineRun.of("stylize", "--model", output.toString(), "--content",
                photos.resolve("only.png").toString(), "--output", folder.resolve("blend.png").toString(),
                "--style-weights", "0,1", "--quiet");
        assertThat(blend.exitCode()).as(blend.err()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("blend.png"))).isEqualTo(
                Files.readAllBytes(folder.resolve("second.png")));
        CommandLineRun tooFar = CommandLineRun.of("stylize", "--model", output.toString(), "--content",
                photos.resolve("only.png").toString(), "--output", folder.resolve("third.png").toString(),
                "--style-index", "3", "--quiet");
        assertThat(tooFar.exitCode()).isNotZero();
        assertThat(tooFar.err()).contains("holds 2 paintings");
    }
}
