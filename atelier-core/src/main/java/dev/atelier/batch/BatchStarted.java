package dev.atelier.batch;

import java.nio.file.Path;

/**
 * A batch is about to run its first pair.
 *
 * @param method the method's name
 * @param total pairs in the plan
 * @param skipped pairs an earlier run finished, which are kept
 * @param outputFolder where everything is written
 */
public record BatchStarted(String method, int total, int skipped, Path outputFolder) {

    /** Pairs this run makes. */
    public int toDo() {
        return total - skipped;
    }
}
