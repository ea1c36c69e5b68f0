package dev.atelier.video;

import dev.atelier.io.RgbImage;
import dev.atelier.video.ffmpeg.FfmpegTools;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clips made by the tests with the system's FFmpeg (which the tests need, as CI installs it): from
 * FFmpeg's own sources ({@code testsrc}, {@code sine}) or from frames made in Java.
 */
public final class TestClips {
    private TestClips() {}

    /** The system's FFmpeg; a test needing it fails with the install hint when it is missing. */
    public static FfmpegTools tools() {
        return FfmpegTools.locate();
    }

    /** Runs ffmpeg with these arguments (after {@code -v error -y}) and returns {@code output}. */
    public static Path ffmpeg(Path output, String... arguments) {
        List<String> command = new ArrayList<>(List.of(tools().ffmpeg().toString(), "-v", "error", "-nostdin", "-y"));
        command.addAll(List.of(arguments));
        command.add(output.toString());
        run(command, null);
        return output;
    }

    /** ffprobe's answer for one stream entry, e.g. {@code probe(clip, "v:0", "stream=nb_read_frames")}. */
    public static String probe(Path clip, String stream, String entries, String... extra) {
        List<String> command = new ArrayList<>(List.of(tools().ffprobe().toString(), "-v", "error", "-select_streams",
                stream, "-show_entries", entries, "-of", "default=noprint_wrappers=1:nokey=1"));
        command.addAll(List.of(extra));
        command.add(clip.toString());
        return run(command, null).strip();
    }

    /** Frames counted by decoding the clip's first video stream. */
    public static long decodedFrames(Path clip) {
        return Long.parseLong(probe(clip, "v:0", "stream=nb_read_frames", "-count_frames"));
    }

    /** MD5 of the clip's audio packets as stored: equal for audio copied unchanged. */
    public static String audioMd5(Path clip) {
        List<String> command = List.of(tools().ffmpeg().toString(), "-v", "error", "-nostdin", "-i", clip.toString(),
                "-map", "0:a", "-c", "copy", "-f", "md5", "-");
        return run(command, null).strip();
    }

    /** A lossless clip (FFV1 in Matroska) of the given frames at {@code rate} frames per second. */
    public static Path fromFrames(Path output, List<RgbImage> frames, int rate) {
        RgbImage first = frames.get(0);
        List<String> command = List.of(tools().ffmpeg().toString(), "-v", "error", "-nostdin", "-y", "-f", "rawvideo",
                "-pix_fmt", "rgb24", "-s", first.width() + "x" + first.height(), "-framerate", Integer.toString(rate),
                "-i", "-", "-c:v", "ffv1", "-pix_fmt", "bgr0", output.toString());
        byte[] bytes = new byte[3 * first.pixelCount() * frames.size()];
        int at = 0;
        for (RgbImage frame : frames) {
            float[] planes = frame.sharedPlanes();
            int area = frame.pixelCount();
            for (int i = 0; i < area; i++) {
                for (int c = 0; c < 3; c++) {
                    bytes[at++] = (byte) Math.round(Math.min(1f, Math.max(0f, planes[c * area + i])) * 255f);
                }
            }
        }
        run(command, bytes);
        return output;
    }

    private static String run(List<String> command, byte[] input) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                try (OutputStream stdin = new BufferedOutputStream(process.getOutputStream())) {
                    stdin.write(input);
                }
            } else {
                process.getOutputStream().close();
            }
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + command + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
