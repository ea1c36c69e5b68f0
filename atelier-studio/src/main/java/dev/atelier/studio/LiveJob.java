package dev.atelier.studio;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.SmoothedEta;
import dev.atelier.progress.StepFinished;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the studio knows about a running job beyond its row: progress (with the time left smoothed),
 * the latest picture, and its stop switch, with why it was pulled (a person cancelling, the server
 * stopping, or the job taken back by another studio).
 */
final class LiveJob {
    private final long id;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicLong previewVersion = new AtomicLong();
    private final AtomicInteger warnings = new AtomicInteger();
    private final SmoothedEta eta = new SmoothedEta();
    private volatile StepFinished progress;
    private volatile RgbImage preview;
    private volatile boolean cancelRequested;
    private volatile boolean shuttingDown;
    private volatile boolean lost;
    private volatile long lastPreviewEventNanos;

    LiveJob(long id) {
        this.id = id;
    }

    long id() {
        return id;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    StepFinished progress() {
        return progress;
    }

    /** Keeps {@code latest} as the job's progress, its time left smoothed ({@link SmoothedEta}); returns what is kept. */
    synchronized StepFinished progress(StepFinished latest) {
        StepFinished shown = JobProgress.withEta(latest, eta.update(latest.elapsedSeconds(), latest.secondsRemaining()));
        progress = shown;
        return shown;
    }

    /** Counts a warning; false once the job has warned more than the store keeps. */
    boolean warningKept() {
        return warnings.incrementAndGet() <= JobStore.MAX_WARNINGS;
    }

    RgbImage preview() {
        return preview;
    }

    long previewVersion() {
        return previewVersion.get();
    }

    /** Whether a new picture is worth making: at most 4 a second. */
    boolean previewDue() {
        return System.nanoTime() - lastPreviewEventNanos >= 250_000_000L;
    }

    /** Keeps {@code image} as the latest picture; true when a preview event is due (at most 4 a second). */
    boolean preview(RgbImage image) {
        preview = image;
        previewVersion.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastPreviewEventNanos >= 250_000_000L) {
            lastPreviewEventNanos = now;
            return true;
        }
        return false;
    }

    /** A person asked to cancel it: it ends cancelled, however the run returns. */
    void cancel() {
        cancelRequested = true;
        cancellation.request();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Stops the job because the server is stopping: it goes back in the queue, not to cancelled. */
    void stopForShutdown() {
        shuttingDown = true;
        cancellation.request();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** Stops the job because it is no longer this studio's (its lease was taken back): nothing is recorded. */
    void stopLost() {
        lost = true;
        cancellation.request();
    }

    boolean lost() {
        return lost;
    }
}
