package dev.atelier.weights.download;

import dev.atelier.CancelledException;

/**
 * The fetching thread was interrupted, or the run's cancellation requested (for example by a Ctrl-C
 * handler). Any partial download is kept as a {@code .part} file, which the next run resumes; after
 * an interrupt the thread's interrupt flag is set again before this is thrown so callers up the
 * stack still see it.
 */
public class DownloadInterruptedException extends CancelledException {
    private static final long serialVersionUID = 1L;

    public DownloadInterruptedException(String message) {
        super(message);
    }
}
