package dev.atelier.studio;

/**
 * How a run that did not fail ended.
 *
 * @param cancelled whether it stopped early because cancellation was requested
 * @param hasResult whether the result image was written (always for a completed run; for a
 *     cancelled one, when the method had a best result so far)
 */
public record JobOutcome(boolean cancelled, boolean hasResult) {

    /** The run finished and wrote its result and report. */
    public static JobOutcome completed() {
        return new JobOutcome(false, true);
    }

    /** The run stopped on request, having written its best result so far or nothing. */
    public static JobOutcome cancelled(boolean hasResult) {
        return new JobOutcome(true, hasResult);
    }
}
