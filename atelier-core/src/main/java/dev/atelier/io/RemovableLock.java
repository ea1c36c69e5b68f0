package dev.atelier.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An operating-system lock on a file that is removed again when released, so that what a run guards
 * holds nothing but its results afterwards. The operating system drops the lock when the process
 * dies, even by {@code kill -9}; a lock file left behind that way is locked and removed by the next run.
 *
 * <p>Removing a lock file is safe only if a process that opened it just before it was removed cannot
 * then think it holds the lock: each holder writes a token of its own into the file it locked, and
 * holds the lock only if the file at the path still has its token (else it locked a file already
 * removed, and tries again on the new one). A holder removes the file only while it still has its
 * token, and before it releases the lock.
 */
public final class RemovableLock implements AutoCloseable {
    /** Opening a lock file that another run removes at that very moment happens rarely; a few tries settle it. */
    private static final int ATTEMPTS = 5;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String token;

    private RemovableLock(Path file, FileChannel channel, FileLock lock, String token) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.token = token;
    }

    /**
     * Takes the lock on {@code file} (creating it), or returns empty when another run holds it.
     *
     * @throws IOException when the file cannot be opened or written, or keeps being replaced
     */
    public static Optional<RemovableLock> tryAcquire(Path file) throws IOException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    closeQuietly(channel);
                    return Optional.empty();
                }
                String token = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(
                        ThreadLocalRandom.current().nextLong());
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
                if (holdsToken(file, token)) {
                    return Optional.of(new RemovableLock(file, channel, lock, token));
                }
                // Locked a file another run removed as it finished: try the one at the path now.
                closeQuietly(channel);
            } catch (OverlappingFileLockException heldHere) {
                closeQuietly(channel);
                return Optional.empty();
            } catch (IOException | RuntimeException failure) {
                closeQuietly(channel);
                throw failure;
            }
        }
        throw new IOException("its lock file " + file.getFileName() + " keeps changing; is another run starting "
                + "and stopping there?");
    }

    /** Whether the file at {@code file} is the one holding {@code token}. */
    private static boolean holdsToken(Path file, String token) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).equals(token);
        } catch (IOException gone) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (holdsToken(file, token)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A lock file left behind is harmless: the next run locks it again and removes it.
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
