package dev.atelier.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a run's loss history, the same for optimisation and training: the loss terms each
 * weighted as they enter the total (α·content, β·style, γ·tv, …), so {@code total} is their sum.
 *
 * @param step the optimisation iteration (0 is the starting image) or the training step
 * @param scale the scale of a multi-scale optimisation (0 coarsest), or -1 when there is none
 * @param tile the tile of a tiled scale (from 0), or -1 when the scale is not tiled
 * @param losses weighted terms by name
 * @param seconds wall time since the run (or its resumption) started; {@code NaN} when not measured
 *     (left out of reports)
 * @param validation the validation loss when this step validated, else {@code NaN} (left out of reports)
 */
public record HistoryEntry(long step, int scale, int tile, Map<String, Double> losses, double seconds,
        double validation) {
    public HistoryEntry {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** The total loss: the sum of the weighted terms. */
    public double total() {
        return losses.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public boolean validated() {
        return !Double.isNaN(validation);
    }
}
