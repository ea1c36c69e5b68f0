package dev.atelier.method.gatys;

import dev.atelier.io.RgbImage;
import java.util.List;

/**
 * The outcome of a stylisation.
 *
 * @param image the result at full size: the lowest-loss image of the final scale
 * @param history one entry per iteration, iteration 0 first
 * @param bestIteration the iteration whose image {@code image} is
 * @param cancelled whether the run was stopped early on request (the image is then the best so far)
 * @param converged whether L-BFGS stopped on its own tolerances before the planned iterations
 * @param evaluations forward and backward passes in all
 * @param seconds wall time of the whole run
 */
public record GatysResult(RgbImage image, List<HistoryEntry> history, int bestIteration, boolean cancelled, boolean converged,
        int evaluations, double seconds) {
    public GatysResult {
        history = List.copyOf(history);
    }

    /** The last history entry: the losses of the final image. */
    public HistoryEntry last() {
        return history.get(history.size() - 1);
    }
}
