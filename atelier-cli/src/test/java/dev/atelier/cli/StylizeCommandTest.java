package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier stylize} as a user runs it: outputs, reports, and one-line errors with exit codes. */
class StylizeCommandTest {
    @TempDir
    Path folder;
    private Path content;
    private Path style;

    @BeforeEach
    void writeInputs() {
        content = folder.resolve("photo.png");
        style = folder.resolve("painting.jpg");
        new ImageSaver().write(TestPictures.photo(48, 40, 1), content);
        new ImageSaver().write(TestPictures.painting(40, 40, 2), style);
    }

    private List<String> arguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("stylize", "--content", content.toString(), "--style",
                style.toString(), "--size", "32", "--iterations", "2", "--backbone", "random-vgg19", "--quiet"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    private CommandLineRun run(List<String> arguments) {
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    @Test
    void writesTheResultItsReportAndOptionalExtras() throws IOException {
        Path output = folder.resolve("result.png");
        CommandLineRun run = run(arguments("--output", output.toString(), "--plot",
                folder.resolve("losses.png").toString(), "--side-by-side", folder.resolve("trio.jpg").toString(),
                "--save-every", "1"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        RgbImage result = new ImageLoader().read(output);
        assertThat(Math.max(result.width(), result.height())).isEqualTo(32);
        assertThat(folder.resolve("losses.png")).isRegularFile();
        assertThat(folder.resolve("trio.jpg")).isRegularFile();
        assertThat(folder.resolve("result.iter-0001.png")).isRegularFile();
        assertThat(folder.resolve("result.iter-0002.png")).isRegularFile();
        JsonObject report = TestFiles.report(folder.resolve("result.json"));
        assertThat(report.getAsJsonArray("history")).hasSize(3);
        JsonObject first = report.getAsJsonArray("history").get(0).getAsJsonObject();
        assertThat(first.keySet()).contains("step", "scale", "losses", "total", "seconds");
        assertThat(first.getAsJsonObject("losses").keySet()).containsExactly("content", "style", "tv");
        assertThat(first.get("step").getAsInt()).isZero();
        JsonObject backbone = report.getAsJsonArray("models").get(0).getAsJsonObject();
        assertThat(backbone.get("name").getAsString()).isEqualTo("random-vgg19");
        assertThat(backbone.get("sha256").getAsString()).hasSize(64);
        assertThat(backbone.get("seed").getAsLong()).isZero();
        assertThat(report.getAsJsonObject("versions").keySet()).contains("atelier", "djl", "pytorch", "java");
        assertThat(report.getAsJsonObject("settings").get("style_weight").getAsDouble())
                .isEqualTo(dev.atelier.method.gatys.GatysOptions.defaults().styleWeight());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.contains(".tmp"));
        }
    }

    @Test
    void aMissingContentImageIsOneLineNamingTheFile() {
        Path output = folder.resolve("never.png");
        CommandLineRun run = run(List.of("stylize", "--content", folder.resolve("nope.jpg").toString(), "--style",
                style.toString(), "--output", output.toString(), "--backbone", "random-vgg19"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains("nope.jpg");
        assertThat(output).doesNotExist();
    }

    @Test
    void corruptAndUnsupportedImagesAreRefused() throws IOException {
        Path text = folder.resolve("notes.jpg");
        Files.writeString(text, "not an image at all");
        Path truncated = folder.resolve("cut.png");
        byte[] bytes = Files.readAllBytes(content);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path empty = folder.resolve("empty.png");
        Files.createFile(empty);
        for (Path bad : List.of(text, truncated, empty)) {
            Path output = folder.resolve("out-" + bad.getFileName() + ".png");
            CommandLineRun run = run(List.of("stylize", "--content", bad.toString(), "--style", style.toString(),
                    "--output", output.toString(), "--backbone", "random-vgg19"));
            assertThat(run.exitCode()).as(bad.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.errorLines()).hasSize(1);
            assertThat(run.errorLines().get(0)).contains(bad.getFileName().toString());
            assertThat(output).doesNotExist();
        }
    }

    @Test
    void imagesOverThePixelLimitAreRefusedBeforeDecoding() {
        CommandLineRun run = run(arguments("--output", folder.resolve("o.png").toString(), "--max-pixels", "100"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines().get(0)).contains("photo.png").contains("limit");
    }

    @Test
    void absurdOptionsAreUsageErrorsNamingTheOption() {
        record Case(List<String> extra, String expected) {}
        List<Case> cases = List.of(
                new Case(List.of("--size", "0"), "--size: must be between 16 and 16384 pixels, got 0"),
                new Case(List.of("--iterations", "-1"), "--iterations: must not be negative, got -1"),
                new Case(List.of("--content-layers", "conv9_9"), "--content-layers: unknown layer 'conv9_9'"),
                new Case(List.of("--style-layers", "conv1_1=1,pool3=1"), "--style-layers: unknown layer 'pool3'"),
                new Case(List.of("--style-weight", "-5"), "--style-weight: must be a finite number >= 0, got -5.0"),
                new Case(List.of("--iterations", "many"), "--iterations: expected a whole number, got 'many'"),
                new Case(List.of("--optimizer", "sgd"), "--optimizer: expected one of lbfgs, adam, got 'sgd'"),
                new Case(List.of("--backbone", "resnet"), "--backbone: expected one of vgg19, vgg16, vgg19-normalised, "
                        + "embedded, random-vgg19, random-vgg16, auto, got 'resnet'"));
        for (Case testCase : cases) {
            Path output = folder.resolve("o.png");
            List<String> arguments = new ArrayList<>(List.of("stylize", "--content", content.toString(), "--style",
                    style.toString(), "--output", output.toString(), "--quiet"));
            arguments.addAll(testCase.extra());
            CommandLineRun run = run(arguments);
            assertThat(run.exitCode()).as(testCase.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.errorLines()).as(testCase.toString()).hasSize(1);
            assertThat(run.errorLines().get(0)).as(testCase.toString())
                    .startsWith("atelier: error: " + testCase.expected());
            assertThat(output).doesNotExist();
        }
    }

    @Test
    void outputFoldersMustExistAndFormatsBeKnown() {
        CommandLineRun missingFolder = run(arguments("--output", folder.resolve("no/such/dir/x.png").toString()));
        assertThat(missingFolder.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(missingFolder.errorLines().get(0)).contains("does not exist");
        // Any format an image writer takes is known (GIF, BMP and TIFF come with the JDK); a word processor's is not.
        CommandLineRun badFormat = run(arguments("--output", folder.resolve("x.doc").toString()));
        assertThat(badFormat.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badFormat.errorLines().get(0)).contains("--output: ").contains("x.doc");
    }

    @Test
    void wrongWeightFilesAreRefusedWithTheirName() throws IOException {
        Path truncated = folder.resolve("vgg.pth");
        Files.write(truncated, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path evil = folder.resolve("evil.pth");
        // protocol 2: GLOBAL 'os system', a string, TUPLE1, REDUCE, STOP.
        Files.write(evil, new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n',
                'X', 2, 0, 0, 0, 'l', 's', (byte) 0x85, 'R', '.'});
        for (Path weights : List.of(truncated, evil)) {
            Path output = folder.resolve("w.png");
            CommandLineRun run = run(List.of("stylize", "--content", content.toString(), "--style",
                    style.toString(), "--output", output.toString(), "--weights", weights.toString(), "--size", "32"));
            assertThat(run.exitCode()).as(weights.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.errorLines()).hasSize(1);
            assertThat(run.errorLines().get(0)).contains(weights.getFileName().toString());
            assertThat(output).doesNotExist();
        }
    }

    @Test
    void unknownOptionsAreAUsageError() {
        CommandLineRun run = run(arguments("--output", folder.resolve("x.png").toString(), "--colour", "red"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    private Path modelFile() {
        Path file = folder.resolve("random.safetensors");
        dev.atelier.method.feedforward.ModelFile.write(file, new dev.atelier.method.feedforward.ModelFile.Model(
                dev.atelier.method.feedforward.TransformerLayout.PYTORCH_EXAMPLES, dev.atelier.method.feedforward.TransformerNetwork.initialStateDict(
                        dev.atelier.method.feedforward.TransformerLayout.PYTORCH_EXAMPLES, 1), "random", null, null));
        return file;
    }

    @Test
    void aModelStylizesOnePhotoAtItsOwnSize() throws IOException {
        Path output = folder.resolve("fast.jpg");
        CommandLineRun run = run(List.of("stylize", "--model", modelFile().toString(), "--content", content.toString(),
                "--output", output.toString(), "--quiet"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(48);
        assertThat(result.height()).isEqualTo(40);
        JsonObject report = TestFiles.report(folder.resolve("fast.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("feedforward");
        assertThat(report.getAsJsonArray("models").get(0).getAsJsonObject().get("sha256").getAsString()).hasSize(64);
    }

    @Test
    void aModelStylizesAFolderIntoAFolderAndReportsABadPhotoWithoutStopping() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(40, 32, 5), photos.resolve("a.png"));
        new ImageSaver().write(TestPictures.photo(33, 41, 6), photos.resolve("b.jpg"));
        Files.writeString(photos.resolve("c.png"), "broken");
        Path results = Files.createDirectory(folder.resolve("results"));
        CommandLineRun run = run(List.of("stylize", "--model", modelFile().toString(), "--content", photos.toString(),
                "--output", results.toString(), "--size", "32", "--quiet"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains("c.png");
        RgbImage a = new ImageLoader().read(results.resolve("a__random.png"));
        assertThat(Math.max(a.width(), a.height())).isEqualTo(32);
        assertThat(results.resolve("b__random.png")).isRegularFile();
        assertThat(TestFiles.report(results.resolve("b__random.json")).get("method").getAsString())
                .isEqualTo("feedforward");
        assertThat(results.resolve("c__random.png")).doesNotExist();
        assertThat(results.resolve("contact-sheet.png")).as("a folder of photos is not a batch").doesNotExist();
    }

    /** Folder mode takes every format name batch takes, jpeg included (it was refused: "expected png or jpg"). */
    @Test
    void aFolderOfPhotosTakesAnyFormatName() throws IOException {
        Path photos = Files.createDirectory(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(40, 32, 5), photos.resolve("a.png"));
        new ImageSaver().write(TestPictures.photo(33, 41, 6), photos.resolve("b.png"));
        Path results = Files.createDirectory(folder.resolve("results"));

        CommandLineRun run = run(List.of("stylize", "--model", modelFile().toString(), "--content", photos.toString(),
                "--output", results.toString(), "--size", "32", "--format", "jpeg", "--quiet"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(results.resolve("a__random.jpg")).isRegularFile();
        assertThat(results.resolve("b__random.jpg")).isRegularFile();
        assertThat(Files.readAllBytes(results.resolve("a__random.jpg"))).startsWith(0xFF, 0xD8);
        CommandLineRun unknown = run(List.of("stylize", "--model", modelFile().toString(), "--content",
                photos.toString(), "--output", results.toString(), "--format", "doc"));
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.errorLines()).hasSize(1);
        assertThat(unknown.errorLines().get(0)).startsWith("atelier: error: --format: expected one of png, jpg");
    }

    /** gatys takes at most 8 paintings: the ninth is refused before any work, as the studio refuses it. */
    @Test
    void ninePaintingsAreRefusedOnAMethodThatTakesEight() {
        List<String> arguments = new ArrayList<>(List.of("stylize", "--content", content.toString(), "--style"));
        for (int n = 0; n < 9; n++) {
            arguments.add(style.toString());
        }
        arguments.addAll(List.of("--output", folder.resolve("nine.png").toString(), "--backbone", "random-vgg19"));

        CommandLineRun run = run(arguments);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).containsExactly("atelier: error: --style: gatys takes at most 8 paintings, got 9");
        assertThat(folder.resolve("nine.png")).doesNotExist();
        assertThat(folder.resolve("nine.json")).doesNotExist();
    }

    @Test
    void methodsRefuseInputsThatDoNotFitThem() {
        CommandLineRun oneMaskForTwo = run(List.of("stylize", "--content", content.toString(), "--style",
                style.toString(), style.toString(), "--style-masks", content.toString(), "--output",
                folder.resolve("x.png").toString()));
        assertThat(oneMaskForTwo.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(oneMaskForTwo.errorLines()).containsExactly("atelier: error: --style-masks: 1 masks for 2 paintings; "
                + "give one mask per painting");
        CommandLineRun modelAndPainting = run(List.of("stylize", "--method", "feedforward", "--model",
                modelFile().toString(), "--style", style.toString(), "--content", content.toString(), "--output",
                folder.resolve("z.png").toString()));
        assertThat(modelAndPainting.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(modelAndPainting.errorLines().get(0)).startsWith("atelier: error: --style: does not apply to "
                + "feedforward");
        CommandLineRun missingModel = run(List.of("stylize", "--model", folder.resolve("none.safetensors").toString(),
                "--content", content.toString(), "--output", folder.resolve("y.png").toString()));
        assertThat(missingModel.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missingModel.errorLines().get(0)).contains("none.safetensors");
    }

    private Path adainDecoder() {
        // A decoder trained on a seeded random VGG-19 names its encoder by that seed: nothing to download.
        Path file = folder.resolve("decoder.safetensors");
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
                dev.atelier.method.adain.TorchvisionVggEncoder encoder =
                        dev.atelier.method.adain.TorchvisionVggEncoder.random(9, manager)) {
            dev.atelier.method.adain.AdainModels.writeDecoder(file,
                    dev.atelier.method.adain.AdainDecoder.initialStateDict(4), encoder, null);
        }
        return file;
    }

    @Test
    void adainBlendsTwoPaintingsWithTheGivenWeightsAndStrength() throws IOException {
        Path other = folder.resolve("other.png");
        new ImageSaver().write(TestPictures.painting(30, 50, 3), other);
        Path output = folder.resolve("blend.png");
        CommandLineRun run = run(List.of("stylize", "--method", "adain", "--content", content.toString(), "--style",
                style.toString(), other.toString(), "--style-weights", "1,3", "--alpha", "0.6", "--size", "32",
                "--style-size", "32", "--decoder", adainDecoder().toString(), "--output", output.toString(),
                "--quiet"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        RgbImage result = new ImageLoader().read(output);
        assertThat(Math.max(result.width(), result.height())).isEqualTo(32);
        JsonObject report = TestFiles.report(folder.resolve("blend.json"));
        assertThat(report.get("method").getAsString()).isEqualTo("adain");
        assertThat(report.getAsJsonObject("settings").get("alpha").getAsDouble()).isEqualTo(0.6);
        assertThat(report.getAsJsonObject("result").getAsJsonArray("normalized_style_weights").get(1).getAsDouble())
                .isEqualTo(0.75);
    }

    @Test
    void adainRefusesWeightsOrMasksThatDoNotMatchTheStyles() {
        Path output = folder.resolve("blend.png");
        CommandLineRun weights = run(List.of("stylize", "--method", "adain", "--content", content.toString(),
                "--style", style.toString(), "--style-weights", "1,3", "--output", output.toString()));
        assertThat(weights.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(weights.errorLines()).containsExactly(
                "atelier: error: --style-weights: 2 weights for 1 paintings; give one weight per painting");
        CommandLineRun alpha = run(List.of("stylize", "--method", "adain", "--content", content.toString(),
                "--style", style.toString(), "--alpha", "1.5", "--output", output.toString()));
        assertThat(alpha.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(alpha.errorLines()).containsExactly("atelier: error: --alpha: must be between 0 and 1, got 1.5");
        assertThat(output).doesNotExist();
    }
}
