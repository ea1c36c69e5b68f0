package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.batch.BatchInputs;
import dev.atelier.io.ImageSaver;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestFiles;
import dev.atelier.testing.TestPictures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier batch} over a folder of pictures and a clip (made here with FFmpeg: {@code testsrc},
 * 64×48, 6 frames at 12 per second, with {@code sine} sound), one painting and Magenta's shared
 * networks: the clip becomes a clip with its frames, rate and sound, recorded like any pair.
 */
class BatchClipsCommandTest {
    @TempDir
    Path folder;
    private Path photos;
    private Path painting;

    @BeforeEach
    void inputs() throws IOException, InterruptedException {
        photos = Files.createDirectories(folder.resolve("photos"));
        new ImageSaver().write(TestPictures.photo(40, 32, 1), photos.resolve("a.png"));
        new ImageSaver().write(TestPictures.photo(32, 40, 2), photos.resolve("b.jpg"));
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=12:duration=0.5", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100:duration=0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-c:a", "aac", photos.resolve("walk.mp4").toString());
        painting = folder.resolve("waves.png");
        new ImageSaver().write(TestPictures.painting(64, 64, 3), painting);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("FFmpeg (install it: apt-get install ffmpeg)").isTrue();
        assertThat(process.exitValue()).as(text).isZero();
        return text.strip();
    }

    private static void ffmpeg(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        command.addAll(List.of(arguments));
        run(command);
    }

    /** ffprobe's one entry for a stream, e.g. {@code stream=r_frame_rate}. */
    private static String probe(Path clip, String stream, String entries, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", stream,
                "-show_entries", entries, "-of", "default=noprint_wrappers=1:nokey=1"));
        command.addAll(List.of(extra));
        command.add(clip.toString());
        return run(command);
    }

    /** MD5 of the audio packets as stored: equal when the sound was copied unchanged. */
    private static String audioMd5(Path clip) throws IOException, InterruptedException {
        return run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", clip.toString(), "-map", "0:a", "-c", "copy",
                "-f", "md5", "-"));
    }

    private List<String> magenta(Path output, String... more) {
        return magenta("batch", output, more);
    }

    private List<String> magenta(String command, Path output, String... more) {
        List<String> arguments = new ArrayList<>(List.of(command, "--method", "magenta", "--content", photos.toString(),
                "--style", painting.toString(), "--predictor",
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR).toString(), "--transformer",
                SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16).toString(), "--output",
                output.toString()));
        arguments.addAll(List.of(more));
        return arguments;
    }

    private static CommandLineRun batch(List<String> arguments) {
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    /** Every file in the folder (not below) by name, with its SHA-256. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonObject> manifestPairs(Path output) {
        Map<String, JsonObject> pairs = new TreeMap<>();
        for (JsonElement pair : TestFiles.report(output.resolve("manifest.json")).getAsJsonArray("pairs")) {
            pairs.put(pair.getAsJsonObject().get("name").getAsString(), pair.getAsJsonObject());
        }
        return pairs;
    }

    /**
     * Run into the photo folder itself, the hardest case for "nothing is lost": the results land beside
     * the inputs, must overwrite none, and must not be taken for photos by the rerun, which makes nothing.
     */
    @Test
    void aClipAmongThePhotosBecomesAClipWithItsFramesRateAndSoundAndARerunMakesNothing() throws Exception {
        Map<String, String> inputs = contents(photos);

        CommandLineRun first = batch(magenta(photos, "--quiet"));

        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.SUCCESS);
        Path clip = photos.resolve("walk__waves.mp4");
        assertThat(photos.resolve("a__waves.png")).isRegularFile();
        assertThat(photos.resolve("b__waves.png")).isRegularFile();
        assertThat(clip).isRegularFile();
        assertThat(photos.resolve("walk__waves.mp4.resume")).doesNotExist();
        Path source = photos.resolve("walk.mp4");
        assertThat(probe(clip, "v:0", "stream=nb_read_frames", "-count_frames")).isEqualTo("6");
        assertThat(probe(clip, "v:0", "stream=r_frame_rate")).isEqualTo(probe(source, "v:0", "stream=r_frame_rate"))
                .isEqualTo("12/1");
        assertThat(probe(clip, "v:0", "stream=width,height")).isEqualTo("64\n48");
        assertThat(probe(clip, "a", "stream=codec_type")).isEqualTo("audio");
        assertThat(audioMd5(clip)).as("the sound copied unchanged").isEqualTo(audioMd5(source));

        Map<String, JsonObject> pairs = manifestPairs(photos);
        assertThat(pairs).containsOnlyKeys("a__waves", "b__waves", "walk__waves");
        assertThat(pairs.get("walk__waves").get("output").getAsString()).isEqualTo("walk__waves.mp4");
        assertThat(pairs.get("walk__waves").get("status").getAsString()).isEqualTo("done");
        assertThat(pairs.get("walk__waves").get("content").getAsString()).isEqualTo(source.toAbsolutePath().toString());
        JsonObject report = TestFiles.report(photos.resolve("walk__waves.json"));
        assertThat(report.get("command").getAsString()).isEqualTo("batch");
        assertThat(report.getAsJsonObject("result").get("frames").getAsLong()).isEqualTo(6);
        assertThat(report.getAsJsonObject("result").get("audio").getAsString()).isEqualTo("copied");
        assertThat(report.getAsJsonObject("batch").get("pair").getAsString()).isEqualTo("walk__waves");
        assertThat(Files.readString(photos.resolve("index.html"))).contains("<video src=\"walk__waves.mp4\"");
        assertThat(photos.resolve("contact-sheet.png")).isRegularFile();

        Map<String, String> afterFirst = contents(photos);
        assertThat(afterFirst).as("no input overwritten").containsAllEntriesOf(inputs);

        CommandLineRun rerun = batch(magenta(photos));
        assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(rerun.err()).contains("batch: 3 of 3 pairs done (0 made now, 3 kept from before), 0 failed");
        assertThat(manifestPairs(photos)).as("its own results not taken for photos")
                .containsOnlyKeys("a__waves", "b__waves", "walk__waves");
        Map<String, String> afterRerun = contents(photos);
        afterRerun.keySet().removeAll(List.of("manifest.json", "index.html", "contact-sheet.png"));
        Map<String, String> expected = new TreeMap<>(afterFirst);
        expected.keySet().removeAll(List.of("manifest.json", "index.html", "contact-sheet.png"));
        assertThat(afterRerun).as("the rerun rewrote no result or report").isEqualTo(expected);

        // Without the manifest, the clip's own report still says it is a result, not a photo.
        Files.delete(photos.resolve("manifest.json"));
        assertThat(BatchInputs.contents(List.of(photos), true)).extracting(path -> path.getFileName().toString())
                .contains("walk.mp4", "a.png").doesNotContain("walk__waves.mp4", "a__waves.png");
    }

    @Test
    void aClipFfmpegCannotReadFailsItsOwnPairOnlyAndVideoFlagsNeedAClip() throws Exception {
        Files.delete(photos.resolve("walk.mp4"));
        Files.writeString(photos.resolve("notes.mov"), "not a video");
        Path output = folder.resolve("out");

        CommandLineRun run = batch(magenta(output, "--quiet"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(output.resolve("a__waves.png")).isRegularFile();
        assertThat(output.resolve("b__waves.png")).isRegularFile();
        assertThat(output.resolve("notes__waves.mov")).doesNotExist();
        assertThat(run.err()).contains("notes__waves: " + photos.resolve("notes.mov") + ": not a video FFmpeg can read");
        assertThat(manifestPairs(output).get("notes__waves").get("status").getAsString()).isEqualTo("failed");

        Files.delete(photos.resolve("notes.mov"));
        CommandLineRun pictures = batch(magenta(folder.resolve("pictures"), "--temporal-weight", "0.3"));
        assertThat(pictures.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(pictures.errorLines()).hasSize(1);
        assertThat(pictures.errorLines().get(0)).startsWith("atelier: error: --temporal-weight: applies to clips, "
                + "and none of the photos is one");
        assertThat(folder.resolve("pictures")).doesNotExist();
    }

    /** {@code stylize} with a folder of photos is a batch without sheets: its clips become clips too. */
    @Test
    void stylizeOverAFolderRepaintsTheClipAmongThePhotosAsBatchDoes() throws Exception {
        Path output = folder.resolve("painted");
        CommandLineRun run = batch(magenta("stylize", output, "--crf", "23", "--temporal-weight", "0.4", "--quiet"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SUCCESS);
        Path clip = output.resolve("walk__waves.mp4");
        assertThat(probe(clip, "v:0", "stream=nb_read_frames", "-count_frames")).isEqualTo("6");
        assertThat(probe(clip, "a", "stream=codec_type")).isEqualTo("audio");
        JsonObject settings = TestFiles.report(output.resolve("walk__waves.json")).getAsJsonObject("settings");
        assertThat(settings.get("crf").getAsInt()).isEqualTo(23);
        assertThat(settings.get("temporal_weight").getAsDouble()).isEqualTo(0.4);
        assertThat(TestFiles.report(output.resolve("walk__waves.json")).get("command").getAsString())
                .isEqualTo("stylize");
        assertThat(output.resolve("a__waves.png")).isRegularFile();
        assertThat(output.resolve("index.html")).as("folder mode draws no sheets").doesNotExist();

        Files.delete(photos.resolve("walk.mp4"));
        CommandLineRun pictures = batch(magenta("stylize", folder.resolve("pictures"), "--crf", "23"));
        assertThat(pictures.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(pictures.errorLines()).hasSize(1);
        assertThat(pictures.errorLines().get(0)).startsWith("atelier: error: --crf: applies to clips, and none of "
                + "the photos is one");
    }

    @Test
    void slicesRefuseClipsInOneLineBeforeAnyWork() throws Exception {
        Path output = folder.resolve("sliced");
        CommandLineRun run = batch(magenta(output, "--shard", "1/2"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).containsExactly("atelier: error: --shard: repaints pictures only, and "
                + photos.resolve("walk.mp4") + " is a clip: batch the clips apart, without slices");
        assertThat(output).doesNotExist();
    }
}
