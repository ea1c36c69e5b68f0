package dev.atelier.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Encoded image bytes, in a file or in memory, with the name messages give them: the loader reads
 * both the same way.
 */
final class EncodedImage {
    /** Opens the bytes from their start, each time anew. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final Path name;
    private final Path file;
    private final byte[] bytes;

    private EncodedImage(Path name, Path file, byte[] bytes) {
        this.name = name;
        this.file = file;
        this.bytes = bytes;
    }

    static EncodedImage file(Path file) {
        return new EncodedImage(file, file, null);
    }

    /** Bytes in memory, called {@code name} in messages (a file-like name, e.g. {@code photo}). */
    static EncodedImage bytes(byte[] bytes, String name) {
        String printable = name == null || name.isBlank() ? "image" : name.replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return new EncodedImage(Path.of(printable), null, bytes);
    }

    /** What messages call the image: its file, or the name it was given. */
    Path name() {
        return name;
    }

    InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    ImageInputStream imageStream() throws IOException {
        // In memory, a cache in memory: the default would spill to a temporary file.
        return file != null ? new FileImageInputStream(file.toFile())
                : new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }
}
