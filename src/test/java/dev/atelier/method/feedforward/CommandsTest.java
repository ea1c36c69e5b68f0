package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import dev.atelier.cli.ImportCommand;
import dev.atelier.cli.TrainCommand;
import dev.atelier.io.ImageSaver;
import dev.atelier.nn.TransformerLayout;
import dev.atelier.nn.TransformerNetwork;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier import} and {@code atelier train} end to end (run through picocli as Main would). */
class CommandsTest {
    @TempDir
    Path folder;

    @Test
    void importWritesAModelFileThatLoads() {
        Path output = folder.resolve("wave.safetensors");
        int exit = new CommandLine(new ImportCommand()).execute(SharedFiles.network("wave").toString(), "--output",
                output.toString(), "--style", "The Great Wave off Kanagawa");
        assertThat(exit).isZero();
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
        assertThat(new CommandLine(new ImportCommand()).execute(pth.toString(), "-o", output.toString())).isZero();
        assertThat(FeedForwardModels.read(output).layout()).isEqualTo(TransformerLayout.PYTORCH_EXAMPLES);
        assertThat(FeedForwardModels.read(output).style()).isEqualTo("candy");
    }

    @Test
    void importOfSomethingElseFailsWithoutWritingAFile() throws IOException {
        Path notAModel = Files.writeString(folder.resolve("readme.pth"), "hello");
        Path output = folder.resolve("out.safetensors");
        ImportCommand command = new ImportCommand();
        new CommandLine(command).parseArgs(notAModel.toString(), "-o", output.toString());
        assertThatThrownBy(command::call).isInstanceOf(BadInputException.class).hasMessageContaining("readme.pth");
        assertThat(output).doesNotExist();
        CommandLine quiet = new CommandLine(new ImportCommand()).setErr(new PrintWriter(Writer.nullWriter()));
        assertThat(quiet.execute(notAModel.toString(), "-o", output.toString())).isNotZero();
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
        String[] arguments = {"--style", style.toString(), "--data", photos.toString(), "--output", output.toString(),
            "--backbone", "random-vgg16", "--steps", "4", "--batch-size", "1", "--image-size", "32", "--style-size",
            "32", "--validate-every", "2", "--checkpoint-every", "2", "--layout", "tensorflow", "--plot",
            plot.toString(), "--quiet"};
        assertThat(new CommandLine(new TrainCommand()).execute(arguments)).isZero();

        assertThat(FeedForwardModels.read(output).layout()).isEqualTo(TransformerLayout.TENSORFLOW);
        assertThat(plot).isRegularFile();
        JsonObject report = JsonParser.parseString(Files.readString(folder.resolve("stripes.json"))).getAsJsonObject();
        assertThat(report.get("command").getAsString()).isEqualTo("train");
        assertThat(report.getAsJsonObject("backbone").get("name").getAsString()).isEqualTo("random-vgg16");
        JsonObject settings = report.getAsJsonObject("settings");
        assertThat(settings.get("content_weight").getAsDouble()).isEqualTo(1e5);
        assertThat(settings.getAsJsonObject("training").get("image_size").getAsInt()).isEqualTo(32);
        assertThat(settings.getAsJsonObject("training").get("seed").getAsLong()).isEqualTo(42);
        assertThat(report.getAsJsonArray("history")).hasSize(4);
        assertThat(report.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(4);

        // The checkpoint is never silently overwritten by a fresh run.
        TrainCommand again = new TrainCommand();
        new CommandLine(again).parseArgs(arguments);
        assertThatThrownBy(again::call).isInstanceOf(BadInputException.class).hasMessageContaining("--resume");

        String[] resumed = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        resumed[arguments.length] = "--resume";
        assertThat(new CommandLine(new TrainCommand()).execute(resumed)).isZero();
        JsonObject afterResume = JsonParser.parseString(Files.readString(folder.resolve("stripes.json")))
                .getAsJsonObject();
        assertThat(afterResume.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(4);
        assertThat(afterResume.getAsJsonArray("history")).hasSize(4);
    }
}
