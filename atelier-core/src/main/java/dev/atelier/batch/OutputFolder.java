package dev.atelier.batch;

import dev.atelier.BadInputException;
import dev.atelier.io.RemovableLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The batch's output folder, held for one run: created if missing, locked so a second batch cannot
 * write into it at the same time (the operating system drops the lock when the process dies, even
 * by {@code kill -9}), and cleared of temporary files a killed run left behind. The lock file is
 * removed again when the run ends ({@link RemovableLock}), so a finished folder holds only results.
 *
 * <p>The slices of a sharded batch ({@link BatchShard}) share the folder: each takes its own lock and
 * clears only its own temporary files, so that slices never stop or damage one another.
 */
final class OutputFolder implements AutoCloseable {
    static final String LOCK_FILE = ".atelier-batch.lock";
    /** {@code AtomicFiles}' temporary names: {@code .<name>.tmp-<16 hex digits>}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tmp-[0-9a-f]{16}");
    private static final Pattern NUMBERED = Pattern.compile("gen_\\d+");

    private final RemovableLock lock;

    private OutputFolder(RemovableLock lock) {
        this.lock = lock;
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
        try {
            Optional<RemovableLock> lock = RemovableLock.tryAcquire(lockFile);
            if (lock.isEmpty()) {
                throw new BadInputException(folder, (shard == null ? "another batch is writing into this folder"
                        : "slice " + shard + " of this batch is being made already") + "; wait for it to finish "
                        + "or choose another output folder");
            }
            try {
                removeLeftovers(folder, shard);
            } catch (IOException | RuntimeException failure) {
                lock.get().close();
                throw failure;
            }
            return new OutputFolder(lock.get());
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot use the output folder (" + e.getMessage() + ")", e);
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
        lock.close();
    }
}
