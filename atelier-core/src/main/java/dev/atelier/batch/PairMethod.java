package dev.atelier.batch;

import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A style transfer method as the batch runs it, with its networks already loaded. The runner calls
 * it from one thread only.
 *
 * @param <S> a style made ready for many photos: a decoded painting, its AdaIN statistics, or a
 *     loaded network; the runner keeps a few and closes those it drops (when {@link AutoCloseable})
 */
public interface PairMethod<S> extends AutoCloseable {

    /** {@code gatys}, {@code feedforward}, {@code adain}: recorded in reports and the manifest. */
    String name();

    /**
     * Every setting that changes results, including what the networks are (weights' SHA-256), but
     * nothing that does not (progress, paths to the same weights): reruns compare it to refuse mixing.
     */
    JsonObject settings();

    /** Whether a style is an image (false: a model file whose network has the style built in). */
    boolean stylesAreImages();

    /** The size photos are brought to when the batch gives none, or 0 to keep their own size. */
    int defaultSize();

    /**
     * Reads a style once for all photos that use it: a painting, or a model file.
     *
     * @throws dev.atelier.BadInputException when the file cannot be used; its pairs then fail
     */
    S prepareStyle(Path file);

    /** The painting to show on the contact sheet, if the style has one. */
    Optional<RgbImage> picture(S style);

    /** How many prepared styles are worth keeping at once: few when each holds a large picture. */
    default int styleCacheSize() {
        return 8;
    }

    /** Whether the method can take several same-sized photos as one batch ({@link #stylizeAll}). */
    default boolean batches() {
        return false;
    }

    /**
     * Repaints one photo.
     *
     * @return the result; one marked cancelled (when the context's cancellation stopped it) is not saved
     * @throws RuntimeException when this pair cannot be made; only this pair fails
     */
    PairResult stylize(PairInput input, S style, PairContext context);

    /** Repaints equally sized photos with one style; by default one after another. */
    default List<PairResult> stylizeAll(List<PairInput> inputs, S style, PairContext context) {
        List<PairResult> results = new ArrayList<>();
        for (PairInput input : inputs) {
            results.add(stylize(input, style, context));
        }
        return results;
    }

    /**
     * What the method knows of clips among the photos, when it can repaint them
     * ({@link #stylizeClip}); empty by default: clips are then not taken from folders.
     */
    default Optional<ClipFiles> clips() {
        return Optional.empty();
    }

    /**
     * Repaints a clip with one style, writing the clip and its report (an interrupted clip is
     * continued from its finished frames by the next call for the same output).
     *
     * @return the clip's report, and a still for the contact sheet or {@code null} (the sheet then
     *     reads one from the clip); one marked cancelled keeps its finished frames for the next run
     * @throws RuntimeException when this pair cannot be made; only this pair fails
     */
    default PairResult stylizeClip(ClipInput input, PairContext context) {
        throw new UnsupportedOperationException(name() + " repaints pictures only here, not the clip " + input.clip());
    }

    /** Releases what the method loaded itself; networks handed to it stay their owner's. */
    @Override
    void close();
}
