package dev.atelier.weights.download;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SHA-256 a downloaded file must have: either the full 64-digit hex digest or only its first
 * digits, or {@linkplain #unpublished() none at all} when the publisher states none (then the digest
 * seen on first download is recorded and every later copy must match it). Some publishers give no more than a prefix (torchvision names its files
 * {@code vgg19-dcbb9e9d.pth} after the first 8 hex digits), so a prefix is accepted, but it is
 * weaker: 8 digits catch truncation and corruption, not a deliberately crafted file. Prefer a full
 * digest whenever one is known.
 *
 * @param hex lower-case hex digits, 8 to 64 of them
 */
public record ExpectedSha256(String hex) {
    /** Hex digits in a complete SHA-256 digest. */
    public static final int FULL_LENGTH = 64;
    /** Fewer digits than this would make accidental matches too likely to be useful. */
    public static final int SHORTEST_PREFIX = 8;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private static final ExpectedSha256 UNPUBLISHED = new ExpectedSha256("");

    public ExpectedSha256 {
        hex = hex.toLowerCase(Locale.ROOT);
        if (!hex.isEmpty() && (hex.length() < SHORTEST_PREFIX || hex.length() > FULL_LENGTH || !HEX.matcher(hex).matches())) {
            throw new IllegalArgumentException("a SHA-256 must be " + SHORTEST_PREFIX + " to " + FULL_LENGTH
                    + " hex digits, got '" + hex + "'");
        }
    }

    /** No digest is published: the first download's is recorded and trusted from then on. */
    public static ExpectedSha256 unpublished() {
        return UNPUBLISHED;
    }

    public boolean isPublished() {
        return !hex.isEmpty();
    }

    /** True when only the start of the digest is known, which makes verification weaker. */
    public boolean isPrefixOnly() {
        return isPublished() && hex.length() < FULL_LENGTH;
    }

    /** Whether a file whose full digest is {@code actualHex} is the expected one. */
    public boolean matches(String actualHex) {
        if (!isPublished()) {
            throw new IllegalStateException("no published digest to match; use the recorded one");
        }
        return actualHex.length() == FULL_LENGTH && actualHex.toLowerCase(Locale.ROOT).startsWith(hex);
    }

    @Override
    public String toString() {
        return !isPublished() ? "unpublished" : isPrefixOnly() ? hex + "..." : hex;
    }
}
