package dev.atelier.weights.download;

import dev.atelier.progress.RunListener;

import java.net.URI;
import java.util.OptionalLong;

/** Sends {@link dev.atelier.progress.DownloadProgressed} for one request, a few times per second rather than per chunk. */
final class ProgressReporter {
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final RunListener listener;
    private final KnownWeights weights;
    private final URI source;
    private final long startBytes;
    private final OptionalLong totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastReportNanos;
    private boolean reportedOnce;

    ProgressReporter(RunListener listener, KnownWeights weights, URI source, long startBytes,
            OptionalLong totalBytes) {
        this.listener = listener;
        this.weights = weights;
        this.source = source;
        this.startBytes = startBytes;
        this.totalBytes = totalBytes;
    }

    /** Reports {@code bytesDone} unless a report went out very recently. */
    void update(long bytesDone) {
        long now = System.nanoTime();
        if (!reportedOnce || now - lastReportNanos >= INTERVAL_NANOS) {
            report(bytesDone, now);
        }
    }

    /** Reports the final count, always, so a progress bar ends at its true value. */
    void finish(long bytesDone) {
        report(bytesDone, System.nanoTime());
    }

    private void report(long bytesDone, long now) {
        reportedOnce = true;
        lastReportNanos = now;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? (bytesDone - startBytes) / seconds : 0;
        listener.onEvent(new dev.atelier.progress.DownloadProgressed(weights.id(), source, bytesDone, totalBytes,
                weights.approximateBytes(), rate));
    }
}
