package dev.atelier.method.gatys;

import dev.atelier.io.RgbImage;

/**
 * Receives progress from a running stylisation on the thread that runs it; keep handlers quick.
 * Every method has an empty default, so a listener implements only what it shows.
 */
public interface StylizeListener {

    /** After iteration 0 (the initial image) and after every iteration. */
    default void onIteration(IterationEvent event) {}

    /**
     * Every {@link GatysOptions#saveEvery()} iterations, and after iterations {@link #wantsImage} asks
     * for: the current image, denormalised.
     */
    default void onIntermediateImage(int iteration, RgbImage image) {}

    /** Whether to receive the image after {@code iteration} (making it costs a copy). */
    default boolean wantsImage(int iteration) {
        return false;
    }

    /** A scale finished, and the next one starts from its result. */
    default void onScaleFinished(int scaleIndex, int width, int height) {}

    /** Something the user should know that does not stop the run. */
    default void onWarning(String message) {}

    /** A listener that ignores everything. */
    static StylizeListener silent() {
        return new StylizeListener() {};
    }
}
