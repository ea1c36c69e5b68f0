package dev.atelier.io;

import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files all-or-nothing: readers of the target see either the old file or the complete new
 * one, never a half-written image, report or model after a crash, a full disk or Ctrl-C.
 *
 * <p>The content goes to a hidden temporary file in the target's folder ({@code .name.tmp-<random>},
 * same file system, so the final rename is atomic), is forced to disk, then renamed over the target.
 * On any failure the temporary file is deleted.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with what {@code content} writes to the stream it is given (buffered;
     * it need not close it, and closing it only flushes, so wrapping it in a try-with-resources
     * writer is safe).
     *
     * @throws UnavailableException when the target's folder does not exist, the target is a folder, or
     *     writing fails (message names {@code target}); exceptions {@code content} throws other than
     *     {@link IOException} pass through unchanged
     */
    public static void write(Path target, IOConsumer<OutputStream> content) {
        Path folder = checkFolder(target);
        Path temporary = null;
        boolean moved = false;
        try {
            temporary = createTemporary(folder, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                OutputStream output = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.accept(new UnclosableOutputStream(output));
                output.flush();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncFolder(folder);
        } catch (AccessDeniedException denied) {
            throw new UnavailableException(target + ": cannot write file (permission denied)", denied);
        } catch (IOException failure) {
            throw new UnavailableException(target + ": cannot write file (" + Failures.summary(failure) + ")",
                    failure);
        } finally {
            if (temporary != null && !moved) {
                deleteQuietly(temporary);
            }
        }
    }

    /** The absolute folder {@code target} goes into, checked to exist. */
    private static Path checkFolder(Path target) {
        if (target.getFileName() == null) {
            throw new UnavailableException(target + ": not a file name");
        }
        if (Files.isDirectory(target)) {
            throw new UnavailableException(target + ": is a folder, cannot write a file in its place");
        }
        Path folder = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Path shown = target.getParent() != null ? target.getParent() : folder;
            throw new UnavailableException(target + ": output folder '" + shown + "' does not exist");
        }
        return folder;
    }

    private static Path createTemporary(Path folder, String name) throws IOException {
        // Not Files.createTempFile: it creates owner-only files, and the rename would carry those
        // permissions to the result. CREATE_NEW honours the umask like any other new file.
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path temporary = folder.resolve("." + name + ".tmp-" + suffix);
            try {
                Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temporary;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder, and then it is skipped. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // The file itself is complete on disk; only the rename's durability is left to the OS.
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Already failing with the original error; a stray hidden temporary file is the lesser harm.
        }
    }

    /** Lets content writers close "their" stream (as JSON and image writers do) before it is forced to disk. */
    private static final class UnclosableOutputStream extends FilterOutputStream {
        UnclosableOutputStream(OutputStream output) {
            super(output);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
