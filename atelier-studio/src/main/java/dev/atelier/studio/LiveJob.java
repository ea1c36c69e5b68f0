package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import java.util.concurrent.atomic.AtomicLong;

/** What the studio knows about a running job beyond its row: progress, the latest picture, its stop switch. */
final class LiveJob {
    private final long id;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicLong previewVersion = new AtomicLong();
    private volatile StepFinished progress;
    private volatile RgbImage preview;
    private volatile boolean shuttingDown;
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

    void progress(StepFinished latest) {
        progress = latest;
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

    /** Stops the job because the server is stopping: it goes back in the queue, not to cancelled. */
    void stopForShutdown() {
        shuttingDown = true;
        cancellation.request();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }
}
