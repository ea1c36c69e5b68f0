package dev.atelier.color;

/**
 * Whether and how a stylised result keeps the photo's colours (Gatys, Ecker, Bethge, Hertzmann and
 * Shechtman 2017, "Controlling perceptual factors in neural style transfer", sec. 5).
 */
public enum ColorPreservation {
    /** The painting's colours come through with its strokes. */
    NONE,
    /**
     * Style is transferred on luminance only: photo and painting become grey (the painting's
     * luminance matched to the photo's mean and spread), and the result's luminance is recombined
     * with the photo's own chroma ({@link Luminance}). Keeps the photo's colours exactly.
     */
    LUMINANCE,
    /**
     * The painting is recoloured to the photo's colour mean and covariance before anything else
     * ({@link ColorTransfer#matchColors}), so the result's palette is the photo's.
     */
    HISTOGRAM
}
