package dev.atelier.video.ffmpeg;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A clip's frames, one at a time, as FFmpeg decodes them into a raw RGB pipe: every frame once
 * ({@code -fps_mode passthrough}, so a variable-rate clip loses none), turned as its rotation says,
 * at the size it is shown. Only one frame is held at a time. Transparent clips are decoded with their
 * alpha and composited over white, as Atelier does for pictures.
 */
public final class FrameDecoder implements dev.atelier.video.FrameSource {
    private final VideoInfo info;
    private final Subprocess process;
    private final InputStream frames;
    private final byte[] buffer;
    private final int channels;
    private long decoded;
    private boolean ended;

    private FrameDecoder(VideoInfo info, Subprocess process, int channels) {
        this.info = info;
        this.process = process;
        this.frames = process.output();
        this.channels = channels;
        this.buffer = new byte[Math.toIntExact(info.pixels() * channels)];
    }

    /**
     * Starts decoding {@code info}'s clip; frames come at {@code info}'s width and height. FFmpeg is
     * stopped as soon as {@code cancellation} is requested, so no read blocks a cancelled run.
     */
    public static FrameDecoder open(FfmpegTools tools, VideoInfo info, Cancellation cancellation) {
        int channels = info.alpha() ? 4 : 3;
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-v", "error", "-nostdin",
                "-hide_banner", "-i", "file:" + info.file().toAbsolutePath(), "-map", "0:v:0", "-fps_mode",
                "passthrough", "-vf", "scale=" + info.width() + ":" + info.height(), "-f", "rawvideo", "-pix_fmt",
                channels == 4 ? "rgba" : "rgb24", "-"));
        Subprocess process = Subprocess.start(command);
        process.killWhen(cancellation);
        return new FrameDecoder(info, process, channels);
    }

    /**
     * The next frame, or {@code null} after the last. A cancellation stops FFmpeg and ends the frames.
     *
     * @throws BadInputException when FFmpeg fails on the clip (damaged data), naming the file
     */
    @Override
    public RgbImage next(Cancellation cancellation) {
        if (ended) {
            return null;
        }
        if (cancellation.isRequested()) {
            throw new CancelledException();
        }
        int filled = readFully();
        if (filled == 0) {
            ended = true;
            int status = process.await(cancellation);
            if (status == -1) {
                throw new CancelledException();
            }
            if (status != 0) {
                throw new BadInputException(info.file(), "FFmpeg could not decode frame " + (decoded + 1) + " ("
                        + orUnknown(process.lastError()) + ")");
            }
            return null;
        }
        if (filled < buffer.length) {
            ended = true;
            process.kill();
            throw new BadInputException(info.file(), "frame " + (decoded + 1) + " ends early ("
                    + orUnknown(process.lastError()) + ")");
        }
        decoded++;
        return toImage();
    }

    /** Frames decoded so far. */
    public long decoded() {
        return decoded;
    }

    private int readFully() {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int read = frames.read(buffer, filled, buffer.length - filled);
                if (read == -1) {
                    break;
                }
                filled += read;
            }
        } catch (IOException closed) {
            // A killed decoder closes its pipe: what was read decides.
        }
        return filled;
    }

    private RgbImage toImage() {
        int area = info.width() * info.height();
        float[] planes = new float[3 * area];
        if (channels == 3) {
            for (int i = 0, at = 0; i < area; i++, at += 3) {
                planes[i] = (buffer[at] & 0xFF) / 255f;
                planes[area + i] = (buffer[at + 1] & 0xFF) / 255f;
                planes[2 * area + i] = (buffer[at + 2] & 0xFF) / 255f;
            }
        } else {
            for (int i = 0, at = 0; i < area; i++, at += 4) {
                float alpha = (buffer[at + 3] & 0xFF) / 255f;
                float white = 1 - alpha;
                planes[i] = alpha * (buffer[at] & 0xFF) / 255f + white;
                planes[area + i] = alpha * (buffer[at + 1] & 0xFF) / 255f + white;
                planes[2 * area + i] = alpha * (buffer[at + 2] & 0xFF) / 255f + white;
            }
        }
        return RgbImage.wrap(info.width(), info.height(), planes);
    }

    private static String orUnknown(String reason) {
        return reason.isEmpty() ? "no reason given" : reason;
    }

    /** Stops FFmpeg if it is still decoding. */
    @Override
    public void close() {
        process.close();
    }
}
