package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageSaver;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier train-adain} as a user runs it, on tiny folders with a seeded random encoder. */
class TrainAdainCommandTest {
    @TempDir
    Path folder;
    private Path photos;
    private Path paintings;
    private Path decoder;

    @BeforeEach
    void writeFolders() throws IOException {
        photos = Files.createDirectories(folder.resolve("photos"));
        paintings = Files.createDirectories(folder.resolve("paintings/wikiart"));
        ImageSaver saver = new ImageSaver();
        for (int i = 0; i < 3; i++) {
            saver.write(TestPictures.photo(48, 40, i), photos.resolve("photo-" + i + ".png"));
            saver.write(TestPictures.painting(40, 48, 10 + i), paintings.resolve("painting-" + i + ".jpg"));
        }
        decoder = folder.resolve("decoder.safetensors");
    }

    @Test
    void writesTheDecoderReportPlotAndCheckpointAndResumes() throws IOException {
        Run first = train("--steps", "2", "--plot", folder.resolve("losses.png").toString());

        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(decoder).isRegularFile();
        assertThat(folder.resolve("decoder.safetensors.ckpt")).isRegularFile();
        assertThat(folder.resolve("losses.png")).isRegularFile();
        AdainModels.LoadedDecoder written = AdainModels.readDecoder(decoder);
        assertThat(written.encoder()).isEqualTo(AdainModels.EncoderKind.TORCHVISION_VGG19);
        assertThat(written.encoderRandomSeed()).hasValue(5);
        JsonObject report = report();
        assertThat(report.get("command").getAsString()).isEqualTo("train");
        assertThat(report.get("method").getAsString()).isEqualTo("adain");
        JsonObject encoder = report.getAsJsonArray("models").get(0).getAsJsonObject();
        assertThat(encoder.get("role").getAsString()).isEqualTo("encoder");
        assertThat(encoder.get("name").getAsString()).isEqualTo("torchvision-vgg19");
        assertThat(encoder.get("seed").getAsLong()).isEqualTo(5);
        assertThat(report.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(2);
        assertThat(report.getAsJsonObject("settings").get("style_weight").getAsDouble()).isEqualTo(10);
        assertThat(report.getAsJsonArray("history")).hasSize(2);

        Run again = train("--steps", "4");
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("decoder.safetensors.ckpt: an earlier run's checkpoint is here; resume "
                + "it with --resume, or delete it to start over");

        Run resumed = train("--steps", "4", "--resume");
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.SUCCESS);
        JsonObject continued = report();
        assertThat(continued.getAsJsonObject("result").get("steps").getAsLong()).isEqualTo(4);
        assertThat(continued.getAsJsonArray("history")).hasSize(4);
        assertThat(continued.getAsJsonArray("history").get(3).getAsJsonObject().get("step").getAsLong()).isEqualTo(4);
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        assertThat(train("--steps", "1").exitCode()).isEqualTo(ExitCode.SUCCESS);

        Run changed = train("--steps", "2", "--resume", "--style-weight", "3");

        assertThat(changed.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(changed.err()).contains("was made with different settings").contains("style_weight");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        Run unknownEncoder = run("--content-dir", photos.toString(), "--style-dir", paintings.toString(), "--output",
                decoder.toString(), "--encoder", "resnet", "--quiet");
        Run wrongName = run("--content-dir", photos.toString(), "--style-dir", paintings.toString(), "--output",
                folder.resolve("decoder.pth").toString(), "--quiet");
        Run noFolder = run("--content-dir", folder.resolve("missing").toString(), "--style-dir",
                paintings.toString(), "--output", decoder.toString(), "--encoder", "random-vgg19", "--quiet");

        assertThat(unknownEncoder.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknownEncoder.err()).isEqualTo("atelier: error: resnet: no such encoder file, and not a known "
                + "model name (see the list of models)");
        assertThat(wrongName.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrongName.err()).contains("--output: ").contains("a decoder is written as safetensors");
        assertThat(noFolder.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noFolder.err()).startsWith("atelier: error: " + folder.resolve("missing") + ": no such folder");
    }

    /** A tiny run: 32-pixel crops, two a batch, no validation, a checkpoint every step. */
    private Run train(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--content-dir", photos.toString(), "--style-dir",
                paintings.toString(), "--output", decoder.toString(), "--encoder", "random-vgg19",
                "--seed", "5", "--batch-size", "2", "--image-size", "32", "--resize", "40",
                "--validation-fraction", "0", "--checkpoint-every", "1", "--quiet"));
        arguments.addAll(List.of(extra));
        return run(arguments.toArray(String[]::new));
    }

    private JsonObject report() throws IOException {
        return TestFiles.report(folder.resolve("decoder.json"));
    }

    private record Run(int exitCode, String err) {}

    /** The command as {@code atelier train-adain …}, with Main's error handling, its messages captured. */
    private static Run run(String... arguments) {
        List<String> all = new ArrayList<>(List.of("train-adain"));
        all.addAll(List.of(arguments));
        CommandLineRun run = CommandLineRun.of(all.toArray(String[]::new));
        // Only Atelier's own lines: the engine logs its warnings to standard error too.
        return new Run(run.exitCode(), String.join("\n", run.err().lines()
                .filter(line -> line.startsWith("atelier:")).toList()));
    }
}
