package dev.atelier.weights.download;

import java.net.URI;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far the download of one source has got.
 *
 * @param weightsId the {@link KnownWeights#id()} being fetched
 * @param source the URL being read
 * @param bytesDone bytes of the file on disk so far, including any resumed prefix
 * @param totalBytes the file size the server announced, when it did
 * @param approximateBytes the size expected from {@link KnownWeights#approximateBytes()}, 0 if unknown
 * @param bytesPerSecond the average transfer rate of the current request
 */
public record DownloadProgress(String weightsId, URI source, long bytesDone, OptionalLong totalBytes,
        long approximateBytes, double bytesPerSecond) {

    /** Fraction done in [0, 1], from the announced size or else the approximate one. */
    public OptionalDouble fraction() {
        long total = totalBytes.orElse(approximateBytes);
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) bytesDone / total));
    }
}
