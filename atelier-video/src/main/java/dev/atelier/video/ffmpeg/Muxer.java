package dev.atelier.video.ffmpeg;

import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Joins a run's segments into the output clip with the source's sound: the video stream copied as
 * encoded (a GIF is made here, with one palette for the whole clip), every audio stream of the source
 * copied unchanged when the container takes its codec, re-encoded (with a warning) when it does not.
 * The clip is written under a hidden temporary name and renamed, so the output is whole or absent.
 */
public final class Muxer {
    private Muxer() {}

    /** A finished segment: its file and how many frames it holds. */
    public record Segment(Path file, int frames) {}

    /**
     * Writes {@code output}.
     *
     * @param segments the segments in order, all in {@code folder}
     * @param rate the frame rate they were encoded at
     * @param audioSource the clip whose audio streams go in, or {@code null} for none
     * @param warnings receives one line per compromise (sound re-encoded or dropped)
     * @throws CancelledException when cancelled (nothing is written then)
     * @throws UnavailableException when FFmpeg fails
     */
    public static void join(FfmpegTools tools, List<Segment> segments, Path folder, Rational rate,
            VideoInfo audioSource, Path output, VideoFormat format, Cancellation cancellation,
            Consumer<String> warnings) {
        Path list = folder.resolve("segments.txt");
        StringBuilder lines = new StringBuilder("ffconcat version 1.0\n");
        for (Segment segment : segments) {
            // The exact duration of its frames: without it the concat demuxer takes each file's own
            // duration, which x264's reordering delay lengthens by a frame, and the clip drifts.
            lines.append("file '").append(segment.file().getFileName().toString().replace("'", "'\\''"))
                    .append("'\nduration ").append(String.format(java.util.Locale.ROOT, "%.9f",
                            segment.frames() * (double) rate.denominator() / rate.numerator())).append('\n');
        }
        try {
            Files.writeString(list, lines, StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UnavailableException(list + ": cannot write file (" + Failures.summary(failure) + ")", failure);
        }
        Path temporary = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "." + format.extension());
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-v", "error", "-nostdin",
                "-hide_banner", "-y", "-f", "concat", "-safe", "0", "-i", "file:" + list.toAbsolutePath()));
        boolean withAudio = audioSource != null && audioSource.hasAudio();
        if (withAudio && format.holdsAudio()) {
            command.addAll(List.of("-i", "file:" + audioSource.file().toAbsolutePath(), "-map", "0:v:0", "-map",
                    "1:a"));
        } else {
            command.addAll(List.of("-map", "0:v:0"));
            if (withAudio) {
                warnings.accept("a GIF holds no sound: the clip's audio is left out");
            }
        }
        if (format == VideoFormat.GIF) {
            command.addAll(List.of("-vf", "split[frames][again];[again]palettegen=stats_mode=diff[palette];"
                    + "[frames][palette]paletteuse=dither=sierra2_4a", "-loop", "0"));
        } else {
            command.addAll(List.of("-c:v", "copy"));
        }
        if (withAudio && format.holdsAudio()) {
            List<String> foreign = audioSource.audioCodecs().stream().filter(codec -> !format.takesAudio(codec))
                    .distinct().toList();
            if (foreign.isEmpty()) {
                command.addAll(List.of("-c:a", "copy"));
            } else {
                warnings.accept(format.extension() + " cannot hold " + String.join(" or ", foreign) + " sound: the "
                        + "audio is re-encoded with " + format.audioEncoder() + " (choose .mkv to keep it unchanged)");
                command.addAll(List.of("-c:a", format.audioEncoder()));
            }
        }
        if (format == VideoFormat.MP4 || format == VideoFormat.MOV) {
            command.addAll(List.of("-movflags", "+faststart"));
        }
        command.addAll(List.of("-f", format.muxer(), "file:" + temporary));
        boolean moved = false;
        try (Subprocess process = Subprocess.start(command)) {
            int status = process.await(cancellation);
            if (status == -1) {
                throw new CancelledException();
            }
            if (status != 0) {
                throw new UnavailableException(output + ": FFmpeg could not write the clip (" + (process.lastError()
                        .isEmpty() ? "no reason given" : process.lastError()) + ")");
            }
            Files.move(temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException failure) {
            throw new UnavailableException(output + ": cannot write file (" + Failures.summary(failure) + ")", failure);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Already failing; a hidden temporary file is the lesser harm.
                }
            }
        }
    }
}
