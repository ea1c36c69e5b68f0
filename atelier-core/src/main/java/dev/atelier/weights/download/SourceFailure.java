package dev.atelier.weights.download;

import java.net.URI;

/**
 * Why one source could not deliver its file, e.g. {@code HTTP 404} or a SHA-256 mismatch.
 *
 * @param source the URL that failed
 * @param reason a short, single-line explanation
 */
public record SourceFailure(URI source, String reason) {

    @Override
    public String toString() {
        return source + " (" + reason + ")";
    }
}
