package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.testing.SpecialFiles;
import dev.atelier.testing.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure a user can cause is one line on standard error and the README's exit code: 2 usage,
 * 3 bad input file, 5 cannot be obtained or written; never a stack trace.
 */
class ExitCodesTest {
    @TempDir
    Path folder;
    private Path photo;
    private Path painting;
    private Path model;

    @BeforeEach
    void inputs() {
        photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        model = TestFiles.feedForwardModel(folder, "model.safetensors", 3);
    }

    private static CommandLineRun run(String... arguments) {
        return CommandLineRun.of(arguments);
    }

    private static void assertOneLine(CommandLineRun run, int code, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
        assertThat(run.errorLines()).as(run.err()).containsExactly("atelier: error: " + message);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("internal error");
    }

    private List<String> gatys(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("stylize", "--content", photo.toString(), "--style",
                painting.toString(), "--size", "32", "--iterations", "1", "--backbone", "random-vgg19", "--quiet"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    @Test
    void aCommandLineThatDoesNotParseIsOneLineWithWhereHelpIsNotTheWholeUsage() {
        CommandLineRun misspelt = run("stylize", "--content", photo.toString(), "--output",
                folder.resolve("a.png").toString(), "--iteration", "3");
        assertOneLine(misspelt, ExitCode.USAGE, "Unknown options: '--iteration', '3' (did you mean --iterations?); "
                + "see 'atelier stylize --help'");
        assertThat(misspelt.err()).doesNotContain("Usage:");

        CommandLineRun twice = run("stylize", "--content", photo.toString(), "--output",
                folder.resolve("a.png").toString(), "--size", "32", "--size", "64");
        assertOneLine(twice, ExitCode.USAGE, "option '--size' (PIXELS) should be specified only once; "
                + "see 'atelier stylize --help'");

        CommandLineRun command = run("stylise");
        assertOneLine(command, ExitCode.USAGE, "Unmatched argument at index 0: 'stylise' (did you mean stylize or "
                + "serve?); see 'atelier --help'");
    }

    @Test
    void anOptionForAnotherMethodIsAUsageErrorNamingBoth() {
        CommandLineRun iterations = run("stylize", "--model", model.toString(), "--content", photo.toString(),
                "--output", folder.resolve("a.png").toString(), "--iterations", "5");
        assertOneLine(iterations, ExitCode.USAGE, "--iterations: does not apply to --method feedforward (it is for "
                + "gatys)");

        List<String> alpha = gatys("--output", folder.resolve("b.png").toString(), "--alpha", "0.5");
        assertOneLine(run(alpha.toArray(String[]::new)), ExitCode.USAGE,
                "--alpha: does not apply to --method gatys (it is for adain, magenta)");

        CommandLineRun weights = run("stylize", "--method", "adain", "--content", photo.toString(), "--style",
                painting.toString(), "--output", folder.resolve("c.png").toString(), "--weights", "vgg.pth");
        assertOneLine(weights, ExitCode.USAGE, "--weights: does not apply to --method adain (it is for gatys)");
    }

    @Test
    void theSameLayerTwiceIsAUsageError() {
        List<String> arguments = gatys("--output", folder.resolve("a.png").toString(), "--style-layers",
                "conv1_1=1,relu1_1=2");
        assertOneLine(run(arguments.toArray(String[]::new)), ExitCode.USAGE,
                "--style-layers: conv1_1 and relu1_1 are the same layer");
    }

    @Test
    void outOfRangeValuesAndUnknownNamesAreUsageErrors() {
        CommandLineRun negative = run("stylize", "--content", photo.toString(), "--style", painting.toString(),
                "--output", folder.resolve("a.png").toString(), "--iterations", "-3");
        assertOneLine(negative, ExitCode.USAGE, "--iterations: must not be negative, got -3");
        List<String> method = gatys("--output", folder.resolve("a.png").toString(), "--method", "cubism");
        assertOneLine(run(method.toArray(String[]::new)), ExitCode.USAGE,
                "--method: expected one of gatys, feedforward, adain, magenta, got 'cubism'");
        CommandLineRun unknown = run("stylize", "--content", photo.toString(), "--output", "x.png", "--colour", "red");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anOutputThatWouldReplaceAnInputIsAUsageErrorAndTheInputSurvives() {
        CommandLineRun run = run("stylize", "--model", model.toString(), "--content", photo.toString(), "--output",
                photo.toString());
        assertOneLine(run, ExitCode.USAGE, "--output: the result image '" + photo + "' would overwrite the content "
                + "image '" + photo + "'; choose another name");
        assertThat(folder.resolve("photo.json")).doesNotExist();
    }

    @Test
    void narrowPhotosAreBadInputNamingTheFile() {
        Path narrow = TestFiles.photo(folder, "narrow.png", 3, 200, 4);
        CommandLineRun run = run("stylize", "--content", narrow.toString(), "--style", painting.toString(), "--output",
                folder.resolve("a.png").toString(), "--backbone", "random-vgg19", "--iterations", "1", "--quiet");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines()).hasSize(1).allMatch(line -> line.startsWith("atelier: error: " + narrow
                + ": 3x200, brought to 8x512 (--size 512): "));
    }

    @Test
    void aLossThatDivergesIsOneLine() {
        List<String> arguments = gatys("--output", folder.resolve("a.png").toString(), "--style-weight", "1e300");
        CommandLineRun run = run(arguments.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.errorLines()).hasSize(1).allMatch(line -> line.startsWith("atelier: error: at iteration ")
                && line.endsWith("--style-weight is too large for float32 arithmetic; lower it"));
        assertThat(folder.resolve("a.json")).doesNotExist();
    }

    @Test
    void anUnwritableOutputFolderIsExitCodeFive() {
        Path unwritable = TestFiles.unwritableFolder(folder);
        List<String> arguments = gatys("--output", unwritable.resolve("a.png").toString());
        CommandLineRun run = run(arguments.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(run.errorLines()).hasSize(1).allMatch(line -> line.contains("cannot write into the output folder"));
    }

    @Test
    void benchmarkSettingsOutOfRangeAreUsageErrors() {
        assertOneLine(run("bench", "matmul", "--size", "0"), ExitCode.USAGE, "--size: must be between 1 and 32768, "
                + "got 0");
        assertOneLine(run("bench", "matmul", "--runs", "0"), ExitCode.USAGE, "--runs: must be at least 1, got 0");
        assertOneLine(run("bench", "feedforward", "--sizes", "8"), ExitCode.USAGE,
                "--sizes: must be between 16 and 16384, got 8");
    }

    @Test
    void failuresMapToTheDocumentedCodes() {
        assertThat(Main.exitCode(new dev.atelier.InvalidOptionException(null, "ATELIER_MIRROR must be an http or "
                + "https URL, got 'x'"))).isEqualTo(ExitCode.USAGE);
        assertThat(Main.exitCode(new IllegalStateException("bug"))).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(Main.exitCode(new OutOfMemoryError())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(Main.exitCode(new dev.atelier.CancelledException("stopped reading x.pth")))
                .isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Main.exitCode(new dev.atelier.weights.download.DownloadInterruptedException("stopped")))
                .isEqualTo(ExitCode.INTERRUPTED);
    }

    /**
     * A device or a pipe for any model option is bad input in one line, refused before it is opened:
     * /dev/zero as the decoder used to be hashed for ever, a pipe to block the run at opening.
     */
    @Test
    void devicesAndPipesAsModelsAreOneLineOfBadInput() {
        Path pipe = SpecialFiles.fifo(folder.resolve("predictor.tflite"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertOneLine(run("stylize", "--method", "adain", "--decoder", "/dev/zero", "--content", photo.toString(),
                    "--style", painting.toString(), "--output", folder.resolve("a.png").toString(), "--quiet"),
                    ExitCode.BAD_INPUT, "/dev/zero: is a character device, not a decoder file (only regular files "
                            + "are read)");
            assertOneLine(run("stylize", "--method", "magenta", "--predictor", pipe.toString(), "--transformer",
                    "/dev/urandom", "--content", photo.toString(), "--style", painting.toString(), "--output",
                    folder.resolve("b.png").toString(), "--quiet"), ExitCode.BAD_INPUT,
                    pipe + ": is a named pipe (FIFO), not a predictor file (only regular files are read)");
            assertOneLine(run("stylize", "--model", "/dev/urandom", "--content", photo.toString(), "--output",
                    folder.resolve("c.png").toString(), "--quiet"), ExitCode.BAD_INPUT,
                    "/dev/urandom: is a character device, not a model file (only regular files are read)");
            assertOneLine(run("import", "/dev/zero", "--output", folder.resolve("d.model").toString()),
                    ExitCode.BAD_INPUT, "/dev/zero: is a character device, not a model file (only regular files "
                            + "are read)");
        });
    }

    /** The library names the option for a local copy; the command line adds its own way to fetch ahead. */
    @Test
    void aFailedDownloadAlsoSaysHowToFetchTheMissingModelsAhead() {
        var twoMissing = new dev.atelier.weights.download.DownloadFailedException("could not download x",
                List.of(), List.of("magenta-predictor", "magenta-transformer"));
        assertThat(Main.exitCode(twoMissing)).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(Main.fetchAdvice(twoMissing)).isEqualTo("; or fetch them ahead of time where the hosts can be "
                + "reached: atelier models --fetch magenta-predictor magenta-transformer");
        assertThat(Main.fetchAdvice(new dev.atelier.weights.download.DownloadFailedException("x", List.of(),
                List.of("vgg19")))).endsWith("fetch it ahead of time where the hosts can be reached: atelier models "
                + "--fetch vgg19");
        assertThat(Main.fetchAdvice(new dev.atelier.UnavailableException("disk full"))).isEmpty();
    }
}
