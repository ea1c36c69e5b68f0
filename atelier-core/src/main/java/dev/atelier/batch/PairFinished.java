package dev.atelier.batch;

import java.nio.file.Path;

/**
 * A pair's result and report are written, or it failed.
 *
 * @param name the pair's name
 * @param status {@link PairStatus#DONE} or {@link PairStatus#FAILED}
 * @param error why it failed (one line), or {@code null}
 * @param seconds time spent on it (a batch's time shared among its pairs)
 * @param output the result file (written only when done)
 * @param progress the batch's progress after it
 */
public record PairFinished(String name, PairStatus status, String error, double seconds, Path output,
        BatchProgress progress) {}
