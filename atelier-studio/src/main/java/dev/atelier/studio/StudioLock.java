package dev.atelier.studio;

import dev.atelier.AtelierException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One studio per data folder: an operating-system lock on {@code studio.lock}, held from before the
 * job database is opened until the studio has closed it. The system releases it when the process
 * dies, even by {@code kill -9}, so a crash never leaves the folder locked. The file also says who
 * holds it (process, and address once listening), for the refusal a second studio prints.
 *
 * <p>The lock covers one byte far past the text, so that the text stays readable on systems whose
 * locks are mandatory (Windows). A process that holds the lock never opens the file a second time:
 * on POSIX systems closing any descriptor of a file drops every lock the process has on it, so a
 * second studio in the same process is refused from memory ({@link #HELD}) before it opens anything.
 */
final class StudioLock implements AutoCloseable {
    static final String FILE = "studio.lock";
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    /** The folders this process holds, by real path. */
    private static final Map<Path, StudioLock> HELD = new HashMap<>();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<String> lines = new ArrayList<>();

    private StudioLock(Path key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the data folder {@code root} (which must exist).
     *
     * @throws StudioLockedException when another studio holds it
     */
    static StudioLock acquire(Path root, StudioOwner owner) {
        Path key = realPath(root);
        synchronized (HELD) {
            StudioLock here = HELD.get(key);
            if (here != null) {
                throw new StudioLockedException(root, holder(here.lines));
            }
            Path file = root.resolve(FILE);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException failure) {
                throw new AtelierException(file + ": cannot open the studio's lock file (" + failure.getMessage()
                        + ")", failure);
            }
            FileLock lock;
            try {
                lock = channel.tryLock(LOCKED_BYTE, 1, false);
            } catch (OverlappingFileLockException | IOException failure) {
                close(channel);
                throw new AtelierException(file + ": cannot lock the studio's data folder (" + failure.getMessage()
                        + ")", failure);
            }
            if (lock == null) {
                // Held by another process: this one holds no lock on the file, so reading it loses nothing.
                close(channel);
                throw new StudioLockedException(root, holder(read(file)));
            }
            StudioLock held = new StudioLock(key, file, channel, lock);
            held.lines.add("process " + owner.pid());
            held.lines.add("host " + owner.host());
            held.write();
            HELD.put(key, held);
            return held;
        }
    }

    /** Records the address the studio listens on, for a second studio's refusal to name. */
    void announce(String address) {
        synchronized (HELD) {
            lines.removeIf(line -> line.startsWith("address "));
            lines.add(0, "address " + address);
            write();
        }
    }

    /** Who holds the lock, in words: its address and process as it wrote them. */
    private static String holder(List<String> lines) {
        String address = null;
        String process = null;
        for (String line : lines) {
            if (line.startsWith("address ")) {
                address = line.substring("address ".length()).strip();
            } else if (line.startsWith("process ")) {
                process = line.substring("process ".length()).strip();
            }
        }
        if (address == null) {
            return process == null ? "a studio that is starting" : "process " + process + ", still starting";
        }
        return address + (process == null ? "" : ", process " + process);
    }

    private static List<String> read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("\\p{Cntrl}", "")).toList();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException missing) {
            return root.toAbsolutePath().normalize();
        }
    }

    private void write() {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException failure) {
            // Only the refusal message of a second studio would miss it.
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            HELD.remove(key, this);
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases it too.
            }
            close(channel);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it that could be lost.
        }
    }
}
