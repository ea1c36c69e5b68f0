package dev.atelier.weights.download;

import java.net.URI;
import java.nio.file.Path;

/**
 * Receives what a download is doing, so a front end can draw a progress bar and explain delays;
 * the library itself never prints. Calls arrive on the thread that called
 * {@link Downloader#fetch}; they should return quickly.
 */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener SILENT = progress -> { };

    /** Called a few times per second while bytes arrive, and once when a source's file is complete. */
    void progress(DownloadProgress progress);

    /** A request failed in a way that may pass; it is repeated after a short pause. */
    default void retrying(URI source, int nextAttempt, String reason) {
    }

    /** A source is given up; {@code tryingNext} says whether another source follows. */
    default void sourceFailed(SourceFailure failure, boolean tryingNext) {
    }

    /** Another process holds {@code lockFile} (it is downloading the same weights); waiting for it. */
    default void waitingForOtherDownload(Path lockFile) {
    }
}
