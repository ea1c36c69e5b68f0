package dev.atelier.progress;

/**
 * The time a run has left, from the share of its work done: the pace measured over this run's own
 * steps (seconds per unit of work since its first step) times the work still to do. The share of work
 * must count each step at its cost (an optimisation's {@code RunPlan.workFraction}: an iteration at
 * a fine scale costs many at a coarse one), so that the pace of the steps done holds for the steps
 * to come.
 *
 * <p>The pace runs from the first step this run reports, not from its start: what comes before
 * (loading networks, a resumed run's earlier work) is not work at this pace. Being the pace over
 * everything since, it moves less and less as the run goes on; {@link SmoothedEta} steadies what is
 * shown between steps. Not thread-safe: one per run.
 */
public final class RemainingTime {
    /** Steps measured before the first estimate: one step's pace is mostly noise. */
    static final int MINIMUM_STEPS = 10;

    private double firstSeconds = Double.NaN;
    private double firstFraction;
    private int steps;

    /**
     * The time left after a step.
     *
     * @param elapsedSeconds since the run started
     * @param fraction share of the whole run's work done, 0 to 1
     * @return seconds left; {@code NaN} until the pace has been measured over {@value #MINIMUM_STEPS} steps
     */
    public double update(double elapsedSeconds, double fraction) {
        if (!Double.isFinite(elapsedSeconds) || !Double.isFinite(fraction)) {
            return Double.NaN;
        }
        if (fraction >= 1) {
            return 0;
        }
        if (Double.isNaN(firstSeconds)) {
            firstSeconds = elapsedSeconds;
            firstFraction = fraction;
            return Double.NaN;
        }
        steps++;
        double work = fraction - firstFraction;
        double seconds = elapsedSeconds - firstSeconds;
        if (steps < MINIMUM_STEPS || work <= 0 || seconds <= 0) {
            return Double.NaN;
        }
        return seconds / work * (1 - fraction);
    }
}
