package dev.atelier.progress;

import java.nio.file.Path;

/**
 * One result of a run with several (a batch pair, a photo in folder mode) is written or failed.
 *
 * @param name the item's name, e.g. {@code tubingen__starry_night}
 * @param output where its result went; {@code null} when it failed
 * @param error why it failed, one line; {@code null} when it succeeded
 * @param done items finished so far, failed ones included
 * @param total items this run makes
 */
public record ItemFinished(String name, Path output, String error, int done, int total) implements RunEvent {
    public boolean failed() {
        return error != null;
    }
}
