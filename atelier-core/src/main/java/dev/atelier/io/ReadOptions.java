package dev.atelier.io;

import dev.atelier.InvalidOptionException;

/**
 * How {@link ImageLoader} reads images.
 *
 * @param maxPixels largest image (width times height) accepted; bigger ones are refused before
 *     decoding, because a decoded pixel costs about 16 bytes here (RGB floats plus the decoder's
 *     copy) and a small file can claim an enormous size
 */
public record ReadOptions(long maxPixels) {

    /** 50 megapixels: beyond any phone or consumer camera photo, about 800 MB once decoded. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public ReadOptions {
        if (maxPixels < 1) {
            throw new InvalidOptionException("max-pixels", "must be at least 1, got " + maxPixels);
        }
    }

    /** The options used when none are given. */
    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_MAX_PIXELS);
    }

    /** These options with a different pixel limit. */
    public ReadOptions withMaxPixels(long limit) {
        return new ReadOptions(limit);
    }
}
