package dev.atelier.progress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of the work is done: an optimisation iteration, a training step, a stylised image.
 *
 * @param stage what kind of step: {@code optimise}, {@code train}, {@code stylize}, {@code batch}, or
 *     {@code tile} (a one-pass method's tile of a large picture)
 * @param step steps done so far (0 for an optimisation's starting point)
 * @param total steps planned
 * @param fraction share of the whole run's work done, 0 to 1 (steps may differ in cost)
 * @param elapsedSeconds since the run started
 * @param secondsRemaining estimated; {@code NaN} when there is no estimate yet
 * @param losses the current loss terms, each weighted as it enters the total (empty when none)
 * @param item the batch item or photo being worked on, or {@code ""}
 */
public record StepFinished(String stage, long step, long total, double fraction, double elapsedSeconds,
        double secondsRemaining, Map<String, Double> losses, String item) implements RunEvent {
    public StepFinished {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** The sum of the loss terms: the total loss. */
    public double totalLoss() {
        return losses.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
