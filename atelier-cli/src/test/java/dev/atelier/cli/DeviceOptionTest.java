package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import dev.atelier.device.DeviceChoice;
import dev.atelier.device.DeviceUnavailableException;
import dev.atelier.device.RunDevice;
import dev.atelier.io.ImageSaver;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} on every command that runs networks, on this machine (PyTorch's CPU build, no GPU):
 * parsed and defaulted alike everywhere, reported, and {@code gpu} refused in one line, exit 5, before
 * any output exists.
 */
class DeviceOptionTest {
    private static final String CPU_BUILD_REFUSAL = "atelier: error: --device gpu: no GPU works here: the engine is "
            + "PyTorch's CPU build (";

    @TempDir
    Path folder;

    private static void assertRefusedInOneLine(CommandLineRun run) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(run.errorLines()).as(run.err()).singleElement().asString().startsWith(CPU_BUILD_REFUSAL)
                .contains("which has no GPU support; PyTorch's CUDA build loads when ./atelier starts with "
                        + "ATELIER_DEVICE=gpu");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("internal error");
    }

    @Test
    void gpuIsRefusedInOneLineBeforeAnyOutputByStylizeBatchAndTrain() throws IOException {
        Path photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        Path painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        Path output = folder.resolve("result.png");
        assertRefusedInOneLine(CommandLineRun.of("stylize", "--content", photo.toString(), "--style",
                painting.toString(), "--output", output.toString(), "--size", "32", "--iterations", "1",
                "--backbone", "random-vgg19", "--quiet", "--device", "gpu"));
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("result.json")).doesNotExist();

        Path batch = folder.resolve("batch");
        assertRefusedInOneLine(CommandLineRun.of("batch", "--content", photo.toString(), "--style",
                painting.toString(), "--output", batch.toString(), "--size", "32", "--iterations", "0",
                "--backbone", "random-vgg19", "--quiet", "--device", "GPU"));
        assertThat(batch).doesNotExist();

        Path photos = Files.createDirectory(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(40, 36, 3), photos.resolve("a.png"));
        Path network = folder.resolve("trained.safetensors");
        assertRefusedInOneLine(CommandLineRun.of("train", "--style", painting.toString(), "--data",
                photos.toString(), "--output", network.toString(), "--backbone", "random-vgg16", "--steps", "1",
                "--batch-size", "1", "--image-size", "32", "--style-size", "32", "--quiet", "--device", "gpu"));
        assertThat(network).doesNotExist();
    }

    @Test
    void anUnknownDeviceIsAUsageErrorNamingTheFlag() {
        Path photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        Path painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        CommandLineRun run = CommandLineRun.of("stylize", "--content", photo.toString(), "--style",
                painting.toString(), "--output", folder.resolve("x.png").toString(), "--quiet", "--device", "cuda");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).containsExactly("atelier: error: --device: must be cpu, gpu or auto, not 'cuda'");
    }

    /** Left out, the device is ATELIER_DEVICE's (unset in tests), else auto; the report says what ran. */
    @Test
    void theDefaultIsAutoAndTheReportSaysTheProcessorAndTheCpuBuildRan() {
        assertThat(System.getenv("ATELIER_DEVICE")).isNull();
        Path photo = TestFiles.photo(folder, "photo.png", 40, 32, 1);
        Path painting = TestFiles.painting(folder, "painting.png", 32, 32, 2);
        Path output = folder.resolve("result.png");
        CommandLineRun run = CommandLineRun.of("stylize", "--content", photo.toString(), "--style",
                painting.toString(), "--output", output.toString(), "--size", "32", "--iterations", "1",
                "--backbone", "random-vgg19", "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonObject device = TestFiles.report(folder.resolve("result.json")).getAsJsonObject("device");
        assertThat(device.get("asked").getAsString()).isEqualTo("auto");
        assertThat(device.get("used").getAsString()).isEqualTo("cpu");
        assertThat(device.get("engine").getAsString()).isEqualTo("PyTorch");
        assertThat(device.get("engine_build").getAsString()).isEqualTo("cpu");
    }

    @Test
    void everyCommandThatRunsNetworksTakesTheFlagWithOneDefault() {
        List<String> commands = List.of("stylize", "batch", "train", "train-adain", "serve");
        for (String name : commands) {
            var spec = Main.commandLine().getSubcommands().get(name).getCommandSpec();
            var option = spec.findOption("--device");
            assertThat(option).as(name).isNotNull();
            // ${env:ATELIER_DEVICE:-auto}, interpolated: ATELIER_DEVICE is unset here.
            assertThat(option.defaultValue()).as(name).isEqualTo("auto");
        }
        assertThat(RunOptions.deviceChoice("auto")).isEqualTo(DeviceChoice.AUTO);
    }

    @Test
    void theAdviceSaysHowToLoadTheCudaBuildOnlyWhenTheCpuBuildRefusedAGpu() {
        // The refusal this machine gives: the CPU build from Maven Central is the engine.
        DeviceUnavailableException cpuBuild = catchThrowableOfType(DeviceUnavailableException.class,
                () -> RunDevice.resolve(DeviceChoice.GPU));
        assertThat(cpuBuild.reason()).isEqualTo(DeviceUnavailableException.Reason.CPU_BUILD);
        assertThat(Main.deviceAdvice(cpuBuild, null)).contains("ATELIER_DEVICE=gpu (README, GPU)");
        assertThat(Main.deviceAdvice(cpuBuild, "gpu")).startsWith("; ATELIER_DEVICE=gpu was set, yet the CPU build "
                + "loaded");
        assertThat(Main.deviceAdvice(new dev.atelier.UnavailableException("disk full"), "gpu")).isEmpty();
    }
}
