package dev.atelier.weights.download;

import dev.atelier.Cancellation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over files and channels, as lower-case hex. */
final class Sha256 {
    private static final int CHUNK_BYTES = 1 << 20;

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(impossible);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String ofFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = newDigest();
            update(digest, channel, channel.size());
            return hex(digest);
        }
    }

    /**
     * Feeds the first {@code length} bytes of {@code channel} into {@code digest}. File channels
     * are interruptible, so an interrupted thread stops here promptly with
     * {@link java.nio.channels.ClosedByInterruptException}; a requested
     * {@linkplain Cancellation#current() cancellation} stops it between chunks with
     * {@link DownloadInterruptedException}.
     */
    static void update(MessageDigest digest, FileChannel channel, long length) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        Cancellation cancellation = Cancellation.current();
        long position = 0;
        while (position < length) {
            if (cancellation.isRequested()) {
                throw new DownloadInterruptedException("stopped while checking a downloaded file's SHA-256");
            }
            chunk.clear();
            chunk.limit((int) Math.min(CHUNK_BYTES, length - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                throw new IOException("file ended at byte " + position + " of " + length);
            }
            chunk.flip();
            digest.update(chunk);
            position += read;
        }
    }
}
