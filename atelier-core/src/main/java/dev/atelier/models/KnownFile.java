package dev.atelier.models;

import dev.atelier.weights.download.ExpectedSha256;
import dev.atelier.weights.download.ExpectedSize;
import dev.atelier.weights.download.Source;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One published file: the name it has in the cache, its size, its digest and where it can be had.
 *
 * @param fileName the cache's name for it; its extension tells readers the format
 * @param bytes its size; exact when {@code exactSize}, else the publisher's rounded figure
 * @param exactSize whether {@code bytes} is the exact size
 * @param sha256 the published digest (or prefix), or unpublished: recorded at the first download
 * @param digestSource who states the digest, e.g. "Git LFS pointer in onnx/models"
 * @param urls where to download it, tried in order
 */
public record KnownFile(String fileName, long bytes, boolean exactSize, ExpectedSha256 sha256, String digestSource,
        List<URI> urls) {
    public KnownFile {
        urls = List.copyOf(urls);
    }

    /** A file with a published digest (or {@code null} for none) and its URLs. */
    public static KnownFile of(String fileName, long bytes, boolean exactSize, String sha256, String digestSource,
            String... urls) {
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            uris.add(URI.create(url));
        }
        return new KnownFile(fileName, bytes, exactSize,
                sha256 == null ? ExpectedSha256.unpublished() : new ExpectedSha256(sha256), digestSource, uris);
    }

    /** The download sources of this file, one per URL. */
    public List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        for (URI url : urls) {
            sources.add(new Source(url, fileName, sha256,
                    exactSize ? ExpectedSize.exactly(bytes) : ExpectedSize.about(bytes)));
        }
        return sources;
    }
}
