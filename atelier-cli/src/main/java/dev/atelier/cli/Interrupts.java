package dev.atelier.cli;

import dev.atelier.Cancellation;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C and {@code kill} handling: the first signal asks the running work to stop at its next
 * safe point (it then saves what it has and exits with {@link ExitCode#INTERRUPTED}); a second one
 * exits at once. Outputs are written atomically, so even that leaves no half-written file.
 */
final class Interrupts {
    private Interrupts() {}

    static Cancellation install(Runnable onFirstSignal) {
        Cancellation cancellation = new Cancellation();
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (count.incrementAndGet() == 1) {
                        cancellation.request();
                        onFirstSignal.run();
                    } else {
                        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // This platform does not deliver that signal: nothing to handle.
            }
        }
        return cancellation;
    }
}
