package dev.atelier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Files that are not regular files, as hostile input supplies them: a named pipe nobody writes to
 * (opening it would wait for ever), endless devices, a socket.
 */
public final class SpecialFiles {
    /** Never ends: reading it fills whatever holds the bytes. */
    public static final Path ZERO = Path.of("/dev/zero");
    public static final Path RANDOM = Path.of("/dev/urandom");

    private SpecialFiles() {}

    /** A named pipe at {@code file}, made with {@code mkfifo}. */
    public static Path fifo(Path file) {
        try {
            Process process = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("mkfifo " + file + " failed");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Unix domain socket bound at {@code file}; the caller closes the channel. */
    public static ServerSocketChannel socket(Path file) {
        try {
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(file));
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
