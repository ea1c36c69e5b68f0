package dev.atelier.output;

import dev.atelier.progress.RunListener;

/**
 * One kind of file a run writes: the result image, its report, a loss plot, a side-by-side picture,
 * intermediate images, a checkpoint. Each knows the files it claims (checked against every input and
 * every other output before any work) and how to write itself; adding a kind is one class.
 */
public interface Output {

    /**
     * Records the files this output will write.
     *
     * @throws dev.atelier.InvalidOptionException when one would overwrite an input or another output
     */
    void claim(OutputClaims claims);

    /** Watches the run as the picture forms; an output that writes pictures as they form wraps the listener. */
    default RunListener watching(RunListener listener) {
        return listener;
    }

    /** Whether this output needs the picture as it stands after {@code step} (an optimisation's iteration). */
    default boolean wantsImageAt(long step) {
        return false;
    }

    /** Writes itself once the picture is made, and records what it wrote in the report. */
    void write(Finished finished);
}
