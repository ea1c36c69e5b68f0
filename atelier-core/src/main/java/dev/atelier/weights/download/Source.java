package dev.atelier.weights.download;

import java.net.URI;
import java.util.Locale;

/**
 * One place a weights file can be downloaded from, and what the download must hash to.
 *
 * @param url where to get it (http or https; redirects are followed)
 * @param fileName the name it gets in the cache; it keeps the source's extension
 *     ({@code .safetensors}, {@code .pth}) because readers detect the format from it, and it must
 *     differ between sources of one artifact since they may hold different formats
 * @param sha256 the digest (or digest prefix) the complete file must have, or
 *     {@link ExpectedSha256#unpublished()} when its publisher states none
 * @param size how large the file is, which bounds how much a download of it may write
 */
public record Source(URI url, String fileName, ExpectedSha256 sha256, ExpectedSize size) {

    /** A source whose size is not known: its download is bounded by {@link ExpectedSize#UNKNOWN_LIMIT}. */
    public Source(URI url, String fileName, ExpectedSha256 sha256) {
        this(url, fileName, sha256, ExpectedSize.unknown());
    }

    public Source {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("weights URL must be http or https: " + url);
        }
        if (fileName.isEmpty() || fileName.startsWith(".") || fileName.contains("/") || fileName.contains("\\")
                || fileName.endsWith(WeightsCache.PARTIAL_SUFFIX) || fileName.endsWith(WeightsCache.MARKER_SUFFIX)
                || fileName.endsWith(WeightsCache.LOCK_SUFFIX)) {
            throw new IllegalArgumentException("not a plain cache file name: '" + fileName + "'");
        }
    }

    /** Convenience for literal tables: {@code sha256} is a full digest, a hex prefix, or null for none. */
    public static Source of(String url, String fileName, String sha256) {
        return new Source(URI.create(url), fileName,
                sha256 == null ? ExpectedSha256.unpublished() : new ExpectedSha256(sha256));
    }

    /** The same file from another place (a mirror): same cache name, digest and size. */
    public Source at(URI otherUrl) {
        return new Source(otherUrl, fileName, sha256, size);
    }
}
