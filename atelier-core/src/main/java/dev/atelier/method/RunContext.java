package dev.atelier.method;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * What a method may use while repainting one photo.
 *
 * @param cancellation checked between steps; when requested, the method returns its best result so far
 *     (marked cancelled) or, if it has none, the photo unchanged marked cancelled
 * @param listener receives a {@code StepFinished} per step and {@code ImageFormed} when asked for
 * @param imageWanted whether to send the image as it stands after a step (intermediate saves, previews)
 * @param item the name of what is being made, for events (e.g. the batch pair's name)
 * @param initImage where an iterative method starts (an earlier result, say), or {@code null} for its own choice
 * @param checkpoint where an iterative method keeps what a stopped run needs to continue, resuming
 *     from it when it exists; {@code null} for none
 * @param temporal what an iterative method's result should stay close to (a video's previous frame,
 *     warped), added to its objective; {@code null} for none
 */
public record RunContext(Cancellation cancellation, RunListener listener, LongPredicate imageWanted, String item,
        RgbImage initImage, Path checkpoint, TemporalTarget temporal) {

    /** A context without a temporal target. */
    public RunContext(Cancellation cancellation, RunListener listener, LongPredicate imageWanted, String item,
            RgbImage initImage, Path checkpoint) {
        this(cancellation, listener, imageWanted, item, initImage, checkpoint, null);
    }

    /** A context without a starting image or checkpoint. */
    public RunContext(Cancellation cancellation, RunListener listener, LongPredicate imageWanted, String item) {
        this(cancellation, listener, imageWanted, item, null, null);
    }

    /** A context that never cancels and tells nobody: for tests and simple callers. */
    public static RunContext quiet() {
        return new RunContext(Cancellation.never(), RunListener.silent(), step -> false, "");
    }
}
