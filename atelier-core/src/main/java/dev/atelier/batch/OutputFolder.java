package dev.atelier.batch;

import dev.atelier.BadInputException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The batch's output folder, held for one run: created if missing, locked so a second batch cannot
 * write into it at the same time (the operating system drops the lock when the process dies, even
 * by {@code kill -9}), and cleared of temporary files a killed run left behind. The lock file is
 * removed again when the run ends, so a finished folder holds only results.
 *
 * <p>Removing a lock file is safe only if a process that opened it just before it was removed cannot
 * then think it holds the folder: each holder writes a token of its own into the file it locked, and
 * holds the folder only if the file at the lock's path still has its token (else it locked a file
 * already removed, and tries again on the new one). A holder removes the file only while it still
 * has its token, and before it releases the lock.
 *
 * <p>The slices of a sharded batch ({@link BatchShard}) share the folder: each takes its own lock and
 * clears only its own temporary files, so that slices never stop or damage one another.
 */
final class OutputFolder implements AutoCloseable {
    static final String LOCK_FILE = ".atelier-batch.lock";
    /** {@code AtomicFiles}' temporary names: {@code .<name>.tmp-<16 hex digits>}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tmp-[0-9a-f]{16}");
    private static final Pattern NUMBERED = Pattern.compile("gen_\\d+");
    /** Opening a lock file that another run removes at that very moment happens rarely; a few tries settle it. */
    private static final int ATTEMPTS = 5;

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final String token;

    private OutputFolder(Path lockFile, FileChannel channel, FileLock lock, String token) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
        this.token = token;
    }

    static OutputFolder open(Path folder) {
        return open(folder, null);
    }

    /** Holds the folder for the whole batch, or for one slice of it when {@code shard} is given. */
    static OutputFolder open(Path folder, BatchShard shard) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot create the output folder (" + e.getMessage() + ")", e);
        }
        Path lockFile = folder.resolve(shard == null ? LOCK_FILE : shard.lockFileName());
        for (int attempt = 1; ; attempt++) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw new OverlappingFileLockException();
                }
                String token = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(
                        ThreadLocalRandom.current().nextLong());
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
                if (!holdsToken(lockFile, token)) {
                    // Locked a file another run removed as it finished: try the one at the path now.
                    closeQuietly(channel);
                    if (attempt == ATTEMPTS) {
                        throw new BadInputException(folder, "cannot lock the output folder: its lock file "
                                + LOCK_FILE + " keeps changing; is another batch starting and stopping there?");
                    }
                    continue;
                }
                removeLeftovers(folder, shard);
                return new OutputFolder(lockFile, channel, lock, token);
            } catch (OverlappingFileLockException e) {
                closeQuietly(channel);
                throw new BadInputException(folder, (shard == null ? "another batch is writing into this folder"
                        : "slice " + shard + " of this batch is being made already") + "; wait for it to finish "
                        + "or choose another output folder");
            } catch (IOException e) {
                closeQuietly(channel);
                throw new BadInputException(folder, "cannot use the output folder (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Whether the file at {@code lockFile} is the one holding {@code token}. */
    private static boolean holdsToken(Path lockFile, String token) {
        try {
            return Files.readString(lockFile, StandardCharsets.US_ASCII).equals(token);
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Deletes temporary files of interrupted writes in the folder and its numbered pair folders: all of
     * them, or for a slice those of its own pairs and manifest (another slice may be writing the rest).
     */
    private static void removeLeftovers(Path folder, BatchShard shard) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                Matcher temporary = TEMPORARY.matcher(name);
                if (Files.isDirectory(child) && NUMBERED.matcher(name).matches()) {
                    removeLeftovers(child, shard);
                } else if (Files.isRegularFile(child) && temporary.matches()
                        && (shard == null || owns(shard, temporary.group(1)))) {
                    Files.deleteIfExists(child);
                }
            }
        }
    }

    /** Whether the file a temporary was to become is the slice's: its manifest, or a file of its pairs. */
    private static boolean owns(BatchShard shard, String target) {
        return target.equals(shard.manifestFileName()) || shard.contains(PairNames.stem(Path.of(target)));
    }

    @Override
    public void close() {
        try {
            if (holdsToken(lockFile, token)) {
                Files.deleteIfExists(lockFile);
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
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }
}
