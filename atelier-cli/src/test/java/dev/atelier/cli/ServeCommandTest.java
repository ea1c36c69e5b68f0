package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.studio.JobExecutors;
import dev.atelier.studio.StudioOptions;
import dev.atelier.studio.StudioServer;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier serve}'s options; the studio itself is tested in dev.atelier.studio. */
class ServeCommandTest {
    @TempDir
    Path data;

    @Test
    void helpListsTheOptions() {
        CommandLineRun run = CommandLineRun.of("serve", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.SUCCESS);
        assertThat(run.out()).contains("--port", "--host", "--data", "--workers", "--token", "--max-upload-mb",
                "--max-clip-seconds", "--max-clip-frames", "--max-clip-pixels");
    }

    @Test
    void defaultsListenOnLoopbackWithoutATokenAndKeepDataUnderAtelierHome() {
        ServeCommand command = parse();
        StudioOptions options = command.options(null);

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.workers()).isEqualTo(1);
        assertThat(options.maxRequestBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(options.token()).isNull();
        assertThat(options.clipLimits()).isEqualTo(new dev.atelier.studio.ClipLimits(60, 1800, 1920L * 1080));
        assertThat(options.dataFolder())
                .isEqualTo(Path.of(System.getenv("ATELIER_HOME"), "studio").toAbsolutePath().normalize());
    }

    @Test
    void aBadValueIsAUsageErrorNamingItsFlag() {
        CommandLineRun workers = CommandLineRun.of("serve", "--data", data.toString(), "--workers", "0");
        assertThat(workers.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(workers.errorLines()).containsExactly("atelier: error: --workers: must be between 1 and 64, got 0");
        CommandLineRun token = CommandLineRun.of("serve", "--data", data.toString(), "--host", "0.0.0.0", "--token",
                "short");
        assertThat(token.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(token.errorLines()).containsExactly("atelier: error: --token: must be at least 8 characters");
    }

    @Test
    void clipLimitsAreTheStudiosAndABadOneIsRefusedNamingItsFlag() {
        assertThat(parse("--max-clip-seconds", "12.5", "--max-clip-frames", "300", "--max-clip-pixels", "307200")
                .options(null).clipLimits()).isEqualTo(new dev.atelier.studio.ClipLimits(12.5, 300, 307200));
        CommandLineRun frames = CommandLineRun.of("serve", "--data", data.toString(), "--max-clip-frames", "0");
        assertThat(frames.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(frames.errorLines()).containsExactly("atelier: error: --max-clip-frames: must be at least 1, got 0");
    }

    /** 99999999999999 MB once became "got -5822864442258358272 bytes": the value is checked before it is multiplied. */
    @Test
    void anUploadLimitTooLargeIsRefusedAsGivenNotWrappedAround() {
        CommandLineRun huge = CommandLineRun.of("serve", "--data", data.toString(), "--max-upload-mb",
                "99999999999999");
        assertThat(huge.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(huge.errorLines()).containsExactly(
                "atelier: error: --max-upload-mb: must be between 1 and 1048576, got 99999999999999");
        CommandLineRun none = CommandLineRun.of("serve", "--data", data.toString(), "--max-upload-mb", "0");
        assertThat(none.errorLines()).containsExactly("atelier: error: --max-upload-mb: must be between 1 and 1048576, "
                + "got 0");
        assertThat(parse("--max-upload-mb", "1048576").options(null).maxRequestBytes()).isEqualTo(1L << 40);
    }

    /** Two studios on one folder once ran each other's jobs; the second now exits 5 before touching anything. */
    @Test
    void aSecondStudioOnTheSameFolderExitsFiveNamingTheFolderAndTheFirst() {
        ModelStore offline = new ModelStore(new WeightsCache(data.resolve("home")), DownloadSettings.defaults(), null,
                false);
        try (StudioServer first = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data.resolve(
                "studio")).build(), JobExecutors.fromLibrary(new Atelier(offline), ReadOptions.defaults()))) {
            CommandLineRun second = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> CommandLineRun.of("serve",
                    "--data", data.resolve("studio").toString(), "--port", "0"));

            assertThat(second.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(second.errorLines()).containsExactly("atelier: error: " + data.resolve("studio")
                    + ": another studio is using this data folder (" + first.url() + ", process "
                    + ProcessHandle.current().pid() + "); use that one, stop it first, or give --data another folder");
            assertThat(second.out()).doesNotContain("Atelier studio:");
        }
    }

    /** The studio refuses a job whose networks the server cannot have with what its administrator runs. */
    @Test
    void theStudioIsToldHowItsAdministratorFetchesModels() {
        assertThat(ServeCommand.fetchCommand(java.util.List.of("candy"))).isEqualTo("atelier models --fetch candy");
        assertThat(ServeCommand.fetchCommand(java.util.List.of())).isEqualTo("atelier models --fetch NAME");
        CommandLineRun help = CommandLineRun.of("models", "--help");
        assertThat(help.out()).contains("--fetch");
    }

    private static ServeCommand parse(String... arguments) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(arguments);
        return command;
    }
}
