package dev.atelier.cli;

import dev.atelier.weights.download.DownloadListener;
import dev.atelier.weights.download.DownloadProgress;
import dev.atelier.weights.download.SourceFailure;
import java.net.URI;
import java.util.Locale;

/** Shows a first-use weights download on the progress line. */
final class DownloadProgressPrinter implements DownloadListener {
    private final ProgressLine line;
    private final long started = System.nanoTime();

    DownloadProgressPrinter(ProgressLine line) {
        this.line = line;
    }

    @Override
    public void progress(DownloadProgress progress) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double fraction = progress.fraction().orElse(0);
        double remaining = fraction > 0 ? seconds * (1 - fraction) / fraction : Double.POSITIVE_INFINITY;
        line.update(fraction, String.format(Locale.ROOT, "%.0f MB", progress.bytesDone() / 1e6), seconds, remaining,
                String.format(Locale.ROOT, "%.1f MB/s %s", progress.bytesPerSecond() / 1e6, progress.source()));
    }

    @Override
    public void retrying(URI source, int nextAttempt, String reason) {
        line.message("download from " + source + " failed (" + reason + "); attempt " + nextAttempt + "…");
    }

    @Override
    public void sourceFailed(SourceFailure failure, boolean tryingNext) {
        line.message("could not download " + failure.source() + " (" + failure.reason() + ")"
                + (tryingNext ? "; trying the next source" : ""));
    }
}
