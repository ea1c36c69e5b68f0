package dev.atelier.studio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run that did not fail ended.
 *
 * @param cancelled whether it stopped early because cancellation was requested
 * @param hasResult whether the result image was written (always for a completed run; for a
 *     cancelled one, when the method had a best result so far)
 * @param networks the networks the run used, by role ({@code backbone -> random-vgg19}, {@code
 *     transformer -> magenta-transformer}), as its report names them; empty when unknown
 */
public record JobOutcome(boolean cancelled, boolean hasResult, Map<String, String> networks) {

    public JobOutcome {
        networks = Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    }

    /** The run finished and wrote its result and report. */
    public static JobOutcome completed() {
        return new JobOutcome(false, true, Map.of());
    }

    /** The run stopped on request, having written its best result so far or nothing. */
    public static JobOutcome cancelled(boolean hasResult) {
        return new JobOutcome(true, hasResult, Map.of());
    }

    /** This outcome, saying which networks the run used. */
    public JobOutcome withNetworks(Map<String, String> used) {
        return new JobOutcome(cancelled, hasResult, used);
    }
}
