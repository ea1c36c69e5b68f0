package dev.atelier.method.gatys;

import dev.atelier.loss.LossValues;

/**
 * What happened in one iteration, sent to the listener as it happens. Iteration 0 is the initial
 * image, before any update.
 *
 * @param iteration iterations done so far, over all scales
 * @param totalIterations iterations planned in all
 * @param scaleIndex which scale this iteration ran at, from 0 (coarsest)
 * @param scaleCount scales in the plan
 * @param width image width at this scale
 * @param height image height at this scale
 * @param losses the image's losses after this iteration
 * @param seconds wall time since the run started
 * @param evaluations function evaluations (forward and backward passes) so far
 * @param workFraction estimated share of the run's work done, for an ETA
 */
public record IterationEvent(int iteration, int totalIterations, int scaleIndex, int scaleCount, int width,
        int height, LossValues losses, double seconds, int evaluations, double workFraction) {

    /** Estimated seconds left, from the work done so far; infinite before any work is done. */
    public double secondsRemaining() {
        return workFraction <= 0 ? Double.POSITIVE_INFINITY : seconds * (1 - workFraction) / workFraction;
    }
}
