package dev.atelier.weights.download;

/**
 * How large a download may grow before it is stopped: a file's exact published size, a rounded
 * size with a margin of {@value #MARGIN_PERCENT}% (at least {@value #MINIMUM_MARGIN} bytes), or,
 * when nothing is published, {@value #UNKNOWN_LIMIT} bytes, more than any weights file Atelier knows.
 * A server that sends more (a broken mirror streaming an endless body, say) is cut off at once
 * instead of filling the disk.
 *
 * @param bytes the published size (exact or rounded), or 0 when unknown
 * @param exact whether {@code bytes} is the exact size
 */
public record ExpectedSize(long bytes, boolean exact) {
    /** The margin over a rounded size, in percent. */
    public static final long MARGIN_PERCENT = 10;
    /** The least margin over a rounded size: 1 MiB. */
    public static final long MINIMUM_MARGIN = 1 << 20;
    /** The limit when no size is published: 8 GiB. */
    public static final long UNKNOWN_LIMIT = 8L << 30;

    private static final ExpectedSize UNKNOWN = new ExpectedSize(0, false);

    public ExpectedSize {
        if (bytes < 0 || (exact && bytes == 0)) {
            throw new IllegalArgumentException("an expected size must be positive, got " + bytes);
        }
    }

    public static ExpectedSize exactly(long bytes) {
        return new ExpectedSize(bytes, true);
    }

    /** A size the publisher states rounded, e.g. "575 MB". */
    public static ExpectedSize about(long bytes) {
        return bytes == 0 ? UNKNOWN : new ExpectedSize(bytes, false);
    }

    public static ExpectedSize unknown() {
        return UNKNOWN;
    }

    /** The most bytes a download of this file may hold. */
    public long limit() {
        if (exact) {
            return bytes;
        }
        if (bytes == 0) {
            return UNKNOWN_LIMIT;
        }
        return bytes + Math.max(MINIMUM_MARGIN, bytes / 100 * MARGIN_PERCENT);
    }

    @Override
    public String toString() {
        return exact ? bytes + " bytes" : bytes == 0 ? "unknown size" : "about " + bytes + " bytes";
    }
}
