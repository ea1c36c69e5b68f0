package dev.atelier.weights.download;

/**
 * A source will not deliver a good file (HTTP 404, wrong digest, retries used up): the downloader
 * moves on to the next source. The message is the one-line reason shown to the user.
 */
final class SourceRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    SourceRejectedException(String reason) {
        super(reason);
    }
}
