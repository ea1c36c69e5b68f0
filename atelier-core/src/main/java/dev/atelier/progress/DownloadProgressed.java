package dev.atelier.progress;

import java.net.URI;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far the download of one file has got: sent a few times a second while bytes arrive, and once
 * when a source's file is complete.
 *
 * @param weightsId the name of what is being fetched (a model's file name)
 * @param source the URL being read
 * @param bytesDone bytes of the file on disk so far, including any resumed prefix
 * @param totalBytes the file size the server announced, when it did
 * @param approximateBytes the size the catalogue expects, 0 if unknown
 * @param bytesPerSecond the average transfer rate of the current request
 */
public record DownloadProgressed(String weightsId, URI source, long bytesDone, OptionalLong totalBytes,
        long approximateBytes, double bytesPerSecond) implements RunEvent {

    /** Fraction done in [0, 1], from the announced size or else the approximate one. */
    public OptionalDouble fraction() {
        long total = totalBytes.orElse(approximateBytes);
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) bytesDone / total));
    }
}
