package dev.atelier.progress;

/** Receives a run's events on the thread that does the work. */
public interface RunListener {

    void onEvent(RunEvent event);

    /** Whether to send {@link ImageFormed} events (they cost a copy of the image each). */
    default boolean wantsImages() {
        return false;
    }

    /** A listener that ignores everything. */
    static RunListener silent() {
        return event -> {};
    }
}
