package dev.atelier.method;

import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.report.ModelUse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A method with its networks loaded, ready to repaint any number of photos held in memory. Used from
 * one thread at a time (DJL's gradient collection and the networks' buffers are not shared safely).
 * Front ends reach it through {@code dev.atelier.api.Stylist}, which adds the rules every front end
 * shares (style counts, photo sizes).
 *
 * @param <S> a style made ready for many photos: a decoded painting, its statistics or embedding, or a
 *     loaded network; callers may keep a few and close those they drop (when {@link AutoCloseable})
 */
public interface MethodSession<S> extends AutoCloseable {

    /** The networks in use, for reports. */
    List<ModelUse> models();

    /**
     * What was decided at load time that shapes results beyond the options (e.g. which backbone
     * really ran after a fallback), for reports and for a batch's check that reruns use the same settings.
     */
    JsonObject resolvedSettings();

    /**
     * Makes a painting ready for every photo that uses it (methods whose styles are paintings).
     *
     * @throws dev.atelier.BadInputException when the painting cannot be used
     */
    default S preparePainting(RgbImage painting) {
        throw new UnsupportedOperationException("this method's styles are trained networks, not paintings");
    }

    /**
     * Reads a trained network with a style built in (methods whose styles are networks).
     *
     * @throws dev.atelier.BadInputException when the file cannot be used
     */
    default S prepareModel(Path file) {
        throw new UnsupportedOperationException("this method's styles are paintings, not trained networks");
    }

    /** The painting to show for a style (contact sheets), if it has one. */
    Optional<RgbImage> picture(S style);

    /** How many prepared styles are worth keeping at once: few when each holds a large picture. */
    default int styleCacheSize() {
        return 8;
    }

    /** Whether {@link #stylizeAll} runs several photos through the network as one batch. */
    default boolean batches() {
        return false;
    }

    /**
     * Repaints a photo (already at the size the options ask for) with one or more styles.
     *
     * @param masks empty, or one per style: where each style goes
     */
    MethodResult stylize(RgbImage content, List<S> styles, List<RgbImage> masks, RunContext context);

    /** Repaints equally sized photos with one style; one after another unless the method batches. */
    default List<MethodResult> stylizeAll(List<RgbImage> contents, S style, RunContext context) {
        List<MethodResult> results = new ArrayList<>();
        for (RgbImage content : contents) {
            results.add(stylize(content, List.of(style), List.of(), context));
        }
        return results;
    }

    /** Releases the networks. */
    @Override
    void close();
}
