package dev.atelier.batch;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks one at a time, in order, on its own thread, so they overlap the network on the
 * caller's thread; or, when overlapping is off, right away on the caller's thread.
 */
final class SerialWorker implements AutoCloseable {
    private final ExecutorService executor;

    SerialWorker(String threadName, boolean ownThread) {
        executor = ownThread ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            // A batch stopped by an error must not keep the process alive.
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    <T> Future<T> submit(Callable<T> task) {
        if (executor != null) {
            return executor.submit(task);
        }
        try {
            return CompletableFuture.completedFuture(task.call());
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    Future<?> run(Runnable task) {
        return submit(() -> {
            task.run();
            return null;
        });
    }

    /** Finishes the tasks already given, then stops the thread. */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                // Pending writes are results already paid for: let them finish, then pass the interrupt on.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
