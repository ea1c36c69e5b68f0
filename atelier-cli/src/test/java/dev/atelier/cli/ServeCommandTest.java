package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.studio.StudioOptions;
import java.nio.file.Path;
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
        assertThat(run.out()).contains("--port", "--host", "--data", "--workers", "--token", "--max-upload-mb");
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

    private static ServeCommand parse(String... arguments) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(arguments);
        return command;
    }
}
