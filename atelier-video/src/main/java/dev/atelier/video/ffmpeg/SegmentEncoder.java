package dev.atelier.video.ffmpeg;

import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import dev.atelier.io.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of repainted frames encoded into one NUT file (a container that keeps the frame rate as its exact time base), through FFmpeg's raw RGB input. The file
 * appears under its name only once FFmpeg finished it (written to a hidden temporary name, then
 * renamed), so a segment on disk is always whole; a run's segments are joined at the end.
 */
public final class SegmentEncoder implements AutoCloseable {
    /** Longest wait for FFmpeg to finish a segment after its last frame. */
    private static final double FINISH_SECONDS = 300;

    private final Path target;
    private final Path temporary;
    private final Subprocess process;
    private final OutputStream frames;
    private final int width;
    private final int height;
    private final byte[] row;
    private int written;
    private boolean done;

    private SegmentEncoder(Path target, Path temporary, Subprocess process, int width, int height) {
        this.target = target;
        this.temporary = temporary;
        this.process = process;
        this.frames = new BufferedOutputStream(process.input(), 1 << 16);
        this.width = width;
        this.height = height;
        this.row = new byte[3 * width];
    }

    /**
     * Starts FFmpeg on a new segment.
     *
     * @param width the frames' width as written: frames narrower than it are padded by repeating their
     *     last column (and likewise for the height), which is how odd sides meet a 4:2:0 codec
     */
    public static SegmentEncoder start(FfmpegTools tools, Path target, VideoFormat format, int crf, int width,
            int height, Rational rate) {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp.nut");
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-v", "error", "-nostdin",
                "-hide_banner", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height,
                "-framerate", rate.toString(), "-i", "-"));
        command.addAll(format.videoArguments(crf));
        command.addAll(List.of("-f", "nut", "file:" + temporary.toAbsolutePath()));
        return new SegmentEncoder(target, temporary, Subprocess.start(command), width, height);
    }

    /** Encodes one frame, padded to the segment's size when smaller. */
    public void write(RgbImage frame) {
        if (frame.width() > width || frame.height() > height) {
            throw new IllegalArgumentException("a " + frame.width() + "x" + frame.height() + " frame in a " + width
                    + "x" + height + " segment");
        }
        float[] planes = frame.sharedPlanes();
        int area = frame.pixelCount();
        try {
            for (int y = 0; y < height; y++) {
                int sourceRow = Math.min(y, frame.height() - 1) * frame.width();
                for (int x = 0; x < width; x++) {
                    int i = sourceRow + Math.min(x, frame.width() - 1);
                    row[3 * x] = toByte(planes[i]);
                    row[3 * x + 1] = toByte(planes[area + i]);
                    row[3 * x + 2] = toByte(planes[2 * area + i]);
                }
                frames.write(row);
            }
            written++;
        } catch (IOException failure) {
            throw failed("could not take frame " + (written + 1), failure);
        }
    }

    /** Frames written so far. */
    public int written() {
        return written;
    }

    /**
     * Lets FFmpeg finish the segment and puts it under its name.
     *
     * @throws UnavailableException when FFmpeg fails (a full disk, say)
     */
    public void finish() {
        try {
            frames.close();
        } catch (IOException failure) {
            throw failed("could not finish", failure);
        }
        int status = process.awaitWithin(FINISH_SECONDS);
        if (status != 0) {
            throw failed(status == -1 ? "did not finish within " + (int) FINISH_SECONDS + " s" : "failed", null);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException failure) {
            throw new UnavailableException(target + ": cannot write file (" + Failures.summary(failure) + ")", failure);
        }
    }

    private UnavailableException failed(String what, IOException cause) {
        String reason = process.lastError();
        process.kill();
        deleteTemporary();
        return new UnavailableException(target + ": FFmpeg " + what + " (" + (reason.isEmpty()
                ? cause == null ? "no reason given" : Failures.summary(cause) : reason) + ")", cause);
    }

    static byte toByte(float value) {
        float clamped = value != value ? 0 : Math.min(1f, Math.max(0f, value));
        return (byte) Math.round(clamped * 255f);
    }

    private void deleteTemporary() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Already failing; a hidden temporary file is the lesser harm.
        }
    }

    /** Stops FFmpeg and deletes the unfinished segment, unless {@link #finish()} succeeded. */
    @Override
    public void close() {
        if (!done) {
            process.close();
            deleteTemporary();
        }
    }
}
