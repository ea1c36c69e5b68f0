package dev.atelier.cli;

import dev.atelier.progress.DownloadProgressed;
import dev.atelier.progress.DownloadRetried;
import dev.atelier.progress.DownloadSourceFailed;
import dev.atelier.progress.DownloadWaiting;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import java.util.Locale;

/** Shows a first-use download's events on the progress line; other events it leaves alone. */
final class DownloadProgressPrinter implements RunListener {
    private final ProgressLine line;
    private final long started = System.nanoTime();

    DownloadProgressPrinter(ProgressLine line) {
        this.line = line;
    }

    /** Whether {@code event} is a download's. */
    static boolean isDownload(RunEvent event) {
        return event instanceof DownloadProgressed || event instanceof DownloadRetried
                || event instanceof DownloadSourceFailed || event instanceof DownloadWaiting;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof DownloadProgressed progress) {
            double seconds = (System.nanoTime() - started) / 1e9;
            double fraction = progress.fraction().orElse(0);
            double remaining = fraction > 0 ? seconds * (1 - fraction) / fraction : Double.POSITIVE_INFINITY;
            line.update(fraction, String.format(Locale.ROOT, "%3s %.0f MB", ProgressLine.percent(fraction),
                    progress.bytesDone() / 1e6), seconds,
                    remaining, String.format(Locale.ROOT, "%.1f MB/s %s", progress.bytesPerSecond() / 1e6,
                            progress.source()));
        } else if (event instanceof DownloadRetried retried) {
            line.message(retried.describe());
        } else if (event instanceof DownloadSourceFailed failed) {
            line.message(failed.describe());
        } else if (event instanceof DownloadWaiting waiting) {
            line.message(waiting.describe());
        }
    }
}
