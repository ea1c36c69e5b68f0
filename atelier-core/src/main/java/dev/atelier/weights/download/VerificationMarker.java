package dev.atelier.weights.download;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@code <file>.sha256} note written next to a cached file once its digest was checked, so
 * later runs trust the file after a size comparison instead of hashing hundreds of megabytes
 * again. It holds the full digest and the size the file had: {@code <hex> <bytes>}.
 */
record VerificationMarker(String sha256, long size) {

    static Path pathFor(Path file) {
        return file.resolveSibling(file.getFileName() + WeightsCache.MARKER_SUFFIX);
    }

    /** The marker of {@code file}, or empty when there is none or it is unreadable. */
    static Optional<VerificationMarker> read(Path file) {
        Path marker = pathFor(file);
        try {
            String[] fields = Files.readString(marker, StandardCharsets.US_ASCII).trim().split(" ");
            if (fields.length != 2 || fields[0].length() != ExpectedSha256.FULL_LENGTH) {
                return Optional.empty();
            }
            return Optional.of(new VerificationMarker(fields[0], Long.parseLong(fields[1])));
        } catch (IOException | NumberFormatException unusable) {
            // A missing or damaged marker only costs one re-hash.
            return Optional.empty();
        }
    }

    /** Whether this marker vouches for {@code file} as a file matching {@code expected}. */
    boolean vouchesFor(Path file, ExpectedSha256 expected) throws IOException {
        return Files.size(file) == size && expected.matches(sha256);
    }

    /** Writes the marker of {@code file} atomically, so a reader never sees half a marker. */
    void writeFor(Path file) throws IOException {
        Path marker = pathFor(file);
        Path temporary = Files.createTempFile(marker.getParent(), marker.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, sha256 + " " + size + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
