package dev.atelier.batch;

/**
 * Receives a batch's progress. Calls never overlap (the runner serialises them), but they may come
 * from the runner's writer thread; keep handlers quick. Every method has an empty default.
 */
public interface BatchListener {

    /** Before the first pair. */
    default void onStarted(BatchStarted event) {}

    /** Within a long pair. */
    default void onPairProgress(PairProgress event) {}

    /** After each pair, once its files are written (or it failed). */
    default void onPairFinished(PairFinished event) {}

    /** Something the user should know that does not stop the batch. */
    default void onWarning(String message) {}

    /** A listener that ignores everything. */
    static BatchListener silent() {
        return new BatchListener() {};
    }
}
