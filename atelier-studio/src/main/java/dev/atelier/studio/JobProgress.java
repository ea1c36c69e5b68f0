package dev.atelier.studio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a run has got.
 *
 * @param stage what is being done, in a word or two ({@code "loading"}, {@code "optimising"},
 *     {@code "scale 2 of 3"}, {@code "writing"})
 * @param step steps done (iterations, images)
 * @param total steps in all, {@code 0} when unknown
 * @param fraction overall completion, 0 to 1 (with several scales this is not step / total)
 * @param elapsedSeconds time since the run started
 * @param secondsRemaining estimated time left, {@link Double#NaN} when unknown
 * @param losses latest loss values by name ({@code "content"}, {@code "style"}, {@code "total"});
 *     non-finite values are shown as unknown
 */
public record JobProgress(String stage, long step, long total, double fraction, double elapsedSeconds,
        double secondsRemaining, Map<String, Double> losses) {

    public JobProgress {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }
}
