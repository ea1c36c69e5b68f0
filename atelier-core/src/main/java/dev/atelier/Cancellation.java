package dev.atelier;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop long work early, shared between whoever asks (a Ctrl-C handler, a web request)
 * and the loop that checks it between iterations. Work that sees it stops cleanly: work with a result
 * so far returns it (marked cancelled); work without one, such as reading or downloading a model,
 * throws {@link CancelledException}.
 *
 * <p>An entry point {@linkplain #bindToThread() binds} the cancellation of a run to its thread, so
 * that readers and downloads deep below it can honour it through {@link #current()} without every
 * signature in between carrying it.
 */
public final class Cancellation {
    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();
    private static final Cancellation NEVER = new Cancellation();

    private final AtomicBoolean requested = new AtomicBoolean();

    /** A token nobody will ever cancel. */
    public static Cancellation never() {
        return new Cancellation();
    }

    /** The cancellation bound to this thread, or one nobody cancels when none is. */
    public static Cancellation current() {
        Cancellation bound = CURRENT.get();
        return bound != null ? bound : NEVER;
    }

    /** Makes this the {@linkplain #current() current} cancellation of this thread until the binding closes. */
    public Binding bindToThread() {
        return ThreadBinding.bind(CURRENT, this)::close;
    }

    /** Restores the thread's earlier cancellation when closed. */
    public interface Binding extends ThreadBinding {}

    public void request() {
        // The stand-in current() gives when nothing is bound is shared: nobody may cancel it.
        if (this != NEVER) {
            requested.set(true);
        }
    }

    /** Whether a stop was requested, or the current thread was interrupted. */
    public boolean isRequested() {
        return requested.get() || Thread.currentThread().isInterrupted();
    }

    /**
     * Throws when a stop was requested, for work that has nothing to return early.
     *
     * @param what the work being stopped, for the message (e.g. {@code "reading /models/decoder.pth"})
     * @throws CancelledException when requested
     */
    public void throwIfRequested(String what) {
        if (isRequested()) {
            throw new CancelledException("stopped " + what);
        }
    }
}
