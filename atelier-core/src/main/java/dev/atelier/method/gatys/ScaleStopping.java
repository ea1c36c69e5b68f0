package dev.atelier.method.gatys;

/**
 * When a scale of a coarse-to-fine plan has stopped paying for its iterations: over the last
 * {@code window} iterations its loss fell by less than {@code tolerance} of itself per iteration, on
 * average. A coarse scale only prepares the next one's start, and L-BFGS's loss there flattens long
 * before the iterations a fixed split gives it run out (BENCHMARKS.md, "Time to quality"); ending it
 * there spends the time where the picture is judged.
 *
 * <p>Only the best loss so far counts, so one bad line-search step neither stops a scale nor keeps it
 * going.
 *
 * @param tolerance relative decrease per iteration below which a scale ends; {@code 0} never ends one early
 * @param window iterations the decrease is averaged over, and the fewest a scale runs before it may end
 */
public record ScaleStopping(double tolerance, int window) {

    /** Every scale runs every iteration the plan gives it. */
    public static final ScaleStopping NEVER = new ScaleStopping(0, 1);

    public ScaleStopping {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a non-negative number, got " + tolerance);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 iteration, got " + window);
        }
    }

    /** Whether this rule can end a scale at all. */
    public boolean active() {
        return tolerance > 0;
    }

    /**
     * Whether a scale whose best losses so far are {@code bestLosses[0..count)} (its start first, one
     * per iteration after it) should end now.
     */
    public boolean reached(double[] bestLosses, int count) {
        if (!active() || count <= window) {
            return false;
        }
        double then = bestLosses[count - 1 - window];
        double now = bestLosses[count - 1];
        if (!(then > 0) || !Double.isFinite(now)) {
            return false;
        }
        return (then - now) / then < tolerance * window;
    }
}
