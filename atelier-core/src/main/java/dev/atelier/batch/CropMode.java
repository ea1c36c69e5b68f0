package dev.atelier.batch;

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

    /** The name users type. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
