package dev.atelier.weights.download;

import dev.atelier.Cancellation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An operating-system lock on a file in the cache, held while one process downloads one
 * artifact. The OS releases it if the process dies, so a crash never leaves the cache locked; for
 * the same reason the lock file itself is left in place (deleting it would race with a waiter).
 */
final class DownloadLock implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private DownloadLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile}, waiting up to {@code wait} while someone else holds it;
     * {@code onWait} runs once if waiting is needed.
     */
    static DownloadLock acquire(Path lockFile, Duration wait, Runnable onWait)
            throws IOException, InterruptedException, TimeoutException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            boolean waiting = false;
            Cancellation cancellation = Cancellation.current();
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new DownloadLock(channel, lock);
                }
                if (!waiting) {
                    waiting = true;
                    onWait.run();
                }
                if (cancellation.isRequested()) {
                    throw new DownloadInterruptedException("stopped while waiting for another download (" + lockFile
                            + ")");
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    throw new TimeoutException("lock " + lockFile + " still held after " + wait);
                }
                Thread.sleep(Math.min(POLL_MILLIS, remainingMillis));
            }
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException failure) {
            channel.close();
            throw failure;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            // Another thread of this JVM is downloading the same weights: wait for it like for a process.
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
