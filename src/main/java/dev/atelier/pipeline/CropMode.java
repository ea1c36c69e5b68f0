package dev.atelier.pipeline;

import dev.atelier.BadInputException;
import java.util.Locale;

/** How photos are brought to the batch's size. */
public enum CropMode {
    /** Scaled so the longest side is the size; aspect ratio and the whole picture kept. */
    NONE,
    /** Scaled so the shortest side is the size, then the centred square kept. */
    CENTER,
    /**
     * Scaled so the shortest side is the size, then a square at a random place kept; the place is
     * drawn from a seed derived from the batch seed and the pair's name, so reruns crop alike.
     */
    RANDOM;

    /** {@code none}, {@code center} (or {@code centre}) or {@code random}. */
    public static CropMode parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "none" -> NONE;
            case "center", "centre" -> CENTER;
            case "random" -> RANDOM;
            default -> throw new BadInputException("--crop: expected none, center or random, got '" + text + "'");
        };
    }

    /** The name users type. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
