package dev.atelier.progress;

/**
 * The time left as a person is shown it (the command line's progress line, the studio's jobs): the
 * library's estimate ({@link StepFinished#secondsRemaining()}), smoothed so that it counts down
 * steadily instead of swinging with every step. This is not a second estimate: between steps the
 * last value counts down with the run's own clock, and each new estimate from the library pulls it
 * towards itself by a weight that grows with the time since the last one ({@code 1 - e^(-dt/τ)},
 * τ = {@value #TIME_CONSTANT_SECONDS} s), so an estimate that stays put is followed within a few τ
 * while one step's outlier moves it little.
 *
 * <p>Times are the run's elapsed seconds as its events give them, so the same events always give
 * the same values. Not thread-safe: one per running job, fed by its worker or listener.
 */
public final class SmoothedEta {
    /** How fast the shown estimate follows the library's: about 63% of a change in this many seconds. */
    public static final double TIME_CONSTANT_SECONDS = 10;

    private double shown = Double.NaN;
    private double at = Double.NaN;

    /**
     * The estimate to show after a step.
     *
     * @param elapsedSeconds the run's elapsed time at the step
     * @param estimateSeconds the library's estimate of the time left, {@code NaN} when it has none
     * @return seconds left, {@code NaN} while there is no estimate yet
     */
    public double update(double elapsedSeconds, double estimateSeconds) {
        if (!Double.isFinite(elapsedSeconds)) {
            return shown;
        }
        boolean estimated = Double.isFinite(estimateSeconds) && estimateSeconds >= 0;
        if (Double.isNaN(shown)) {
            if (estimated) {
                shown = estimateSeconds;
                at = elapsedSeconds;
            }
            return shown;
        }
        double interval = Math.max(0, elapsedSeconds - at);
        double countedDown = Math.max(0, shown - interval);
        at = Math.max(at, elapsedSeconds);
        if (!estimated) {
            shown = countedDown;
            return shown;
        }
        double weight = 1 - Math.exp(-interval / TIME_CONSTANT_SECONDS);
        shown = countedDown + weight * (estimateSeconds - countedDown);
        return shown;
    }
}
