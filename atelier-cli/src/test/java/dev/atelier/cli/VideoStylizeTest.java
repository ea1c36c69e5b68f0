package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier stylize} with a clip: the video path, its flags, its exit codes and its one-line errors. */
class VideoStylizeTest {
    @TempDir
    Path folder;

    private Path clip() throws IOException, InterruptedException {
        Path clip = folder.resolve("clip.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                "testsrc=size=64x48:rate=12", "-frames:v", "5", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                clip.toString()).inheritIO().start();
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg (install it: apt-get install ffmpeg)").isTrue();
        assertThat(ffmpeg.exitValue()).isZero();
        return clip;
    }

    private static List<String> magenta(Path clip, Path output, String... more) {
        List<String> arguments = new ArrayList<>(List.of("stylize", "--method", "magenta", "--content", clip.toString(),
                "--style", SharedFiles.style("starry_night.jpg").toString(), "--predictor",
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR).toString(), "--transformer",
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16).toString(), "--output",
                output.toString(), "--quiet"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    private static CommandLineRun run(List<String> arguments) {
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    @Test
    void aClipIsRepaintedIntoAClipWithItsReport() throws Exception {
        Path output = folder.resolve("painted.mkv");
        CommandLineRun run = run(magenta(clip(), output, "--temporal-weight", "0.5", "--crf", "20"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(output).isRegularFile();
        String report = Files.readString(folder.resolve("painted.json"));
        assertThat(report).contains("\"temporal_weight\": 0.5").contains("\"crf\": 20").contains("\"frames\": 5");
    }

    @Test
    void badClipsAndMisplacedFlagsAreOneLineWithTheirExitCodes() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.mp4"), "not a video");
        CommandLineRun bad = run(magenta(text, folder.resolve("a.mp4")));
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.errorLines()).containsExactly("atelier: error: " + text + ": not a video FFmpeg can read "
                + "(Invalid data found when processing input)");

        CommandLineRun limit = run(magenta(clip(), folder.resolve("b.mp4"), "--max-frames", "3"));
        assertThat(limit.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(limit.errorLines()).containsExactly("atelier: error: " + folder.resolve("clip.mp4")
                + ": 5 frames, more than --max-frames 3 allows");

        CommandLineRun plot = run(magenta(clip(), folder.resolve("c.mp4"), "--plot", "p.png"));
        assertThat(plot.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(plot.errorLines()).containsExactly("atelier: error: --plot: does not apply to a clip");

        Path photo = SharedFiles.content("tubingen.jpg");
        CommandLineRun photoWithVideoFlag = run(List.of("stylize", "--content", photo.toString(), "--style",
                SharedFiles.style("starry_night.jpg").toString(), "--output", folder.resolve("d.png").toString(),
                "--temporal-weight", "0.5"));
        assertThat(photoWithVideoFlag.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(photoWithVideoFlag.errorLines().get(0)).startsWith("atelier: error: --temporal-weight: applies to "
                + "a clip");
        assertThat(folder.resolve("a.mp4")).doesNotExist();
        assertThat(folder.resolve("b.mp4")).doesNotExist();
    }

    /**
     * Without FFmpeg a clip is refused before any work: exit 5 and one line saying how to install it.
     * Run as its own process, since the programs are found through the process's environment.
     */
    @Test
    void withoutFfmpegAClipIsExitFiveInOneLineBeforeAnyWork() throws Exception {
        Path clip = clip();
        Path output = folder.resolve("never.mp4");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(magenta(clip, output));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ATELIER_FFMPEG", folder.resolve("no-ffmpeg-here").toString());
        builder.environment().put("ATELIER_HOME", folder.resolve("home").toString());
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(ExitCode.UNAVAILABLE);
        List<String> errors = err.lines().filter(line -> line.startsWith("atelier: error")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("ATELIER_FFMPEG").contains("apt-get install ffmpeg");
        assertThat(output).doesNotExist();
        assertThat(folder.resolve("never.json")).doesNotExist();
    }
}
