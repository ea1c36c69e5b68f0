package dev.atelier.method.gatys;

import dev.atelier.loss.LossValues;

/**
 * What happened in one iteration, sent to the listener as it happens. Iteration 0 is the initial
 * image, before any update.
 *
 * @param iteration iterations done so far, over all scales and tiles
 * @param totalIterations iterations planned in all (every tile's counted)
 * @param scaleIndex which scale this iteration ran at, from 0 (coarsest)
 * @param scaleCount scales in the plan
 * @param tileIndex which tile of the scale, from 0 (always 0 when the scale is not tiled)
 * @param tileCount tiles at this scale (1 when it is not tiled)
 * @param width image width at this scale
 * @param height image height at this scale
 * @param losses the image's (on a tiled scale, the tile's) losses after this iteration
 * @param seconds wall time since the run started (over every session of a resumed run)
 * @param evaluations function evaluations (forward and backward passes) so far
 * @param workFraction estimated share of the run's work done, over every scale and tile, for an ETA
 */
public record IterationEvent(int iteration, int totalIterations, int scaleIndex, int scaleCount, int tileIndex,
        int tileCount, int width, int height, LossValues losses, double seconds, int evaluations,
        double workFraction) {

    /** Estimated seconds left, from the work done so far; infinite before any work is done. */
    public double secondsRemaining() {
        return workFraction <= 0 ? Double.POSITIVE_INFINITY : seconds * (1 - workFraction) / workFraction;
    }
}
