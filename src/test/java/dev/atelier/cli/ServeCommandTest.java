package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.StudioOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier serve}'s options; the studio itself is tested in dev.atelier.server. */
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
    void aBadValueIsReportedWithItsFlag() {
        assertThat(execute("--data", data.toString(), "--workers", "0"))
                .isEqualTo(new Outcome(ExitCode.BAD_INPUT,
                        "atelier: error: --workers: must be between 1 and 64, got 0"));
        assertThat(execute("--data", data.toString(), "--host", "0.0.0.0", "--token", "short"))
                .isEqualTo(new Outcome(ExitCode.BAD_INPUT, "atelier: error: --token: must be at least 8 characters"));
    }

    @Test
    void withoutAnExecutorItSaysSoInsteadOfStarting() {
        assertThat(execute("--data", data.toString(), "--port", "0")).isEqualTo(new Outcome(ExitCode.UNAVAILABLE,
                "atelier: error: the web studio cannot run jobs in this build (not wired yet)"));
    }

    private record Outcome(int exitCode, String error) {
    }

    private static ServeCommand parse(String... arguments) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(arguments);
        return command;
    }

    /** Runs the command with an executor factory that is not wired, so no server ever starts. */
    private static Outcome execute(String... arguments) {
        ServeCommand command = new ServeCommand();
        command.executors = () -> {
            throw new UnsupportedOperationException("not wired yet");
        };
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(command).execute(arguments);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setErr(original);
        }
    }
}
