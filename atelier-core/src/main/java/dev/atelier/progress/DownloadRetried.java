package dev.atelier.progress;

import java.net.URI;

/**
 * A download request failed in a way that may pass; it is repeated after a short pause.
 *
 * @param nextAttempt the number of the attempt about to start (2 for the first retry)
 */
public record DownloadRetried(URI source, int nextAttempt, String reason) implements RunEvent {

    /** One line for people. */
    public String describe() {
        return "download from " + source + " failed (" + reason + "); attempt " + nextAttempt + "…";
    }
}
