package dev.atelier;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop long work early, shared between whoever asks (a Ctrl-C handler, a web request)
 * and the loop that checks it between iterations. Work that sees it stops cleanly and returns its
 * best result so far; it never throws because of it.
 */
public final class Cancellation {
    private final AtomicBoolean requested = new AtomicBoolean();

    /** A token nobody will ever cancel. */
    public static Cancellation never() {
        return new Cancellation();
    }

    public void request() {
        requested.set(true);
    }

    /** Whether a stop was requested, or the current thread was interrupted. */
    public boolean isRequested() {
        return requested.get() || Thread.currentThread().isInterrupted();
    }
}
