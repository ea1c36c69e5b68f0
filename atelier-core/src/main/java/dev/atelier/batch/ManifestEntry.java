package dev.atelier.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One pair as the manifest records it.
 *
 * @param name the pair's name (its result is {@code name.png}, its report {@code name.json})
 * @param content the photo's path
 * @param style the style image's or model's path
 * @param contentStamp size and time of the photo when the pair was planned
 * @param styleStamp size and time of the style
 * @param folder the pair's numbered folder ({@code gen_3}), or {@code null} in the flat layout
 * @param status where the pair stands
 * @param error why it failed, or {@code null}
 * @param seconds time spent making it, 0 when not made
 * @param finished when it was finished or failed (ISO-8601), or {@code null}
 */
public record ManifestEntry(String name, String content, String style, String contentStamp, String styleStamp,
        String folder, PairStatus status, String error, double seconds, String finished) {

    ManifestEntry withStatus(PairStatus value) {
        return new ManifestEntry(name, content, style, contentStamp, styleStamp, folder, value, null, 0, null);
    }

    ManifestEntry done(double spent) {
        return new ManifestEntry(name, content, style, contentStamp, styleStamp, folder, PairStatus.DONE, null, spent,
                now());
    }

    ManifestEntry failed(String reason, double spent) {
        return new ManifestEntry(name, content, style, contentStamp, styleStamp, folder, PairStatus.FAILED, reason,
                spent, now());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
