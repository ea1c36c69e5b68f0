package dev.atelier.video.sequence;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.video.FrameSource;

/**
 * The frames of an image sequence, read one at a time as Atelier reads any picture (upright, in RGB,
 * within the pixel limit); every frame must have the first one's size.
 */
public final class SequenceReader implements FrameSource {
    private final ImageSequence sequence;
    private final ImageLoader loader;
    private final int width;
    private final int height;
    private int next;

    public SequenceReader(ImageSequence sequence, ImageLoader loader, int width, int height) {
        this.sequence = sequence;
        this.loader = loader;
        this.width = width;
        this.height = height;
    }

    @Override
    public RgbImage next(Cancellation cancellation) {
        if (next >= sequence.files().size()) {
            return null;
        }
        RgbImage frame = loader.read(sequence.files().get(next));
        if (frame.width() != width || frame.height() != height) {
            throw new BadInputException(sequence.files().get(next), frame.width() + "x" + frame.height() + ", but the "
                    + "sequence's first frame is " + width + "x" + height + "; every frame must have one size");
        }
        next++;
        return frame;
    }

    @Override
    public long skip(long count, Cancellation cancellation) {
        long skipped = Math.min(count, sequence.files().size() - next);
        next += (int) skipped;
        return skipped;
    }

    @Override
    public void close() {
        // Each picture is closed as it is read.
    }
}
