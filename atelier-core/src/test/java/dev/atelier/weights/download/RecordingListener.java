package dev.atelier.weights.download;

import dev.atelier.progress.DownloadProgressed;
import dev.atelier.progress.DownloadRetried;
import dev.atelier.progress.DownloadSourceFailed;
import dev.atelier.progress.DownloadWaiting;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Keeps every event a download reports, and lets a test wait until a fetch waits for the lock. */
final class RecordingListener implements RunListener {
    final List<DownloadProgressed> progress = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();
    final List<SourceFailure> failures = new CopyOnWriteArrayList<>();
    final List<Boolean> triedNext = new CopyOnWriteArrayList<>();
    final CountDownLatch waitingForLock = new CountDownLatch(1);

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof DownloadProgressed progressed) {
            progress.add(progressed);
        } else if (event instanceof DownloadRetried retried) {
            retries.add(retried.source() + " attempt " + retried.nextAttempt() + ": " + retried.reason());
        } else if (event instanceof DownloadSourceFailed failed) {
            failures.add(new SourceFailure(failed.source(), failed.reason()));
            triedNext.add(failed.tryingNext());
        } else if (event instanceof DownloadWaiting) {
            waitingForLock.countDown();
        }
    }

    DownloadProgressed lastProgress() {
        return progress.get(progress.size() - 1);
    }
}
