package dev.atelier.method;

import dev.atelier.Cancellation;
import dev.atelier.progress.RunListener;
import java.util.function.LongPredicate;

/**
 * What a method may use while repainting one photo.
 *
 * @param cancellation checked between steps; when requested, the method returns its best result so far
 *     (marked cancelled) or, if it has none, the photo unchanged marked cancelled
 * @param listener receives a {@code StepFinished} per step and {@code ImageFormed} when asked for
 * @param imageWanted whether to send the image as it stands after a step (intermediate saves, previews)
 * @param item the name of what is being made, for events (e.g. the batch pair's name)
 */
public record RunContext(Cancellation cancellation, RunListener listener, LongPredicate imageWanted, String item) {

    /** A context that never cancels and tells nobody: for tests and simple callers. */
    public static RunContext quiet() {
        return new RunContext(Cancellation.never(), RunListener.silent(), step -> false, "");
    }
}
