package dev.atelier.weights.download;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Keeps every event a download reports, and lets a test wait until a fetch waits for the lock. */
final class RecordingListener implements DownloadListener {
    final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();
    final List<SourceFailure> failures = new CopyOnWriteArrayList<>();
    final List<Boolean> triedNext = new CopyOnWriteArrayList<>();
    final CountDownLatch waitingForLock = new CountDownLatch(1);

    @Override
    public void progress(DownloadProgress event) {
        progress.add(event);
    }

    @Override
    public void retrying(URI source, int nextAttempt, String reason) {
        retries.add(source + " attempt " + nextAttempt + ": " + reason);
    }

    @Override
    public void sourceFailed(SourceFailure failure, boolean tryingNext) {
        failures.add(failure);
        triedNext.add(tryingNext);
    }

    @Override
    public void waitingForOtherDownload(Path lockFile) {
        waitingForLock.countDown();
    }

    DownloadProgress lastProgress() {
        return progress.get(progress.size() - 1);
    }
}
