package dev.atelier.video;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;

/** A clip's frames in order, one at a time: decoded by FFmpeg, or read from a folder of pictures. */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame, or {@code null} after the last.
     *
     * @throws dev.atelier.BadInputException when a frame cannot be read, naming the file
     * @throws dev.atelier.video.ffmpeg.CancelledException when cancelled while waiting
     */
    RgbImage next(Cancellation cancellation);

    /** Reads and drops {@code count} frames; returns how many there were. */
    default long skip(long count, Cancellation cancellation) {
        long skipped = 0;
        while (skipped < count && next(cancellation) != null) {
            skipped++;
        }
        return skipped;
    }

    @Override
    void close();
}
