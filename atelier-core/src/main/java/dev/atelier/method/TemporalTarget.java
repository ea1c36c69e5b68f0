package dev.atelier.method;

import dev.atelier.io.RgbImage;

/**
 * What an optimisation should stay close to, and where: the short-term temporal constraint of Ruder,
 * Dosovitskiy and Brox ("Artistic style transfer for videos", GCPR 2016), the previous frame's
 * result warped into this frame, with a per-pixel weight (1 where the optical flow is reliable, 0
 * where the previous frame says nothing), entering the objective as
 * {@code weight · mean(c ⊙ (x − ω)²)} over the RGB image in [0, 1]. Video front ends make it; a
 * method that optimises adds it to its objective at every scale and tile.
 *
 * @param target the previous result brought into this frame (ω), any size: it is resized to the
 *     image being optimised
 * @param weights per-pixel, per-channel weights in [0, 1] (c), the size of {@code target}
 * @param weight the term's weight (γ)
 */
public record TemporalTarget(RgbImage target, RgbImage weights, double weight) {
    public TemporalTarget {
        if (target.width() != weights.width() || target.height() != weights.height()) {
            throw new IllegalArgumentException("a " + target.width() + "x" + target.height() + " temporal target "
                    + "with " + weights.width() + "x" + weights.height() + " weights");
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the temporal weight must be finite and at least 0, got " + weight);
        }
    }

    /** A target whose weights are one grey plane (row-major, {@code target}'s size), the same for every channel. */
    public static TemporalTarget of(RgbImage target, float[] weights, double weight) {
        int area = target.pixelCount();
        if (weights.length != area) {
            throw new IllegalArgumentException(weights.length + " weights for a " + target.width() + "x"
                    + target.height() + " temporal target");
        }
        float[] planes = new float[3 * area];
        for (int channel = 0; channel < 3; channel++) {
            System.arraycopy(weights, 0, planes, channel * area, area);
        }
        return new TemporalTarget(target, RgbImage.wrap(target.width(), target.height(), planes), weight);
    }
}
