package dev.atelier.method.gatys;

import dev.atelier.io.RgbImage;
import dev.atelier.report.HistoryEntry;
import java.util.List;
import java.util.OptionalInt;

/**
 * The outcome of a stylisation.
 *
 * @param image the result at full size: the lowest-loss image of the final scale (of each tile,
 *     blended, when tiled), recombined with the photo's chroma when preserving colour by luminance
 * @param history one entry per iteration, iteration 0 first (a resumed run's includes the earlier sessions')
 * @param bestIteration the iteration whose image {@code image} is (the last tile's, when tiled)
 * @param cancelled whether the run was stopped early on request (the image is then the best so far)
 * @param converged whether L-BFGS stopped on its own tolerances before the planned iterations
 * @param evaluations forward and backward passes in all
 * @param seconds wall time of the whole run (every session of a resumed run)
 * @param plan the scales and tiles the run followed, with the tile size it resolved
 * @param resumedAt the iteration a checkpoint resumed the run from, if it was resumed
 * @param paintingsUsed the paintings as the network saw them (after colour preservation), prepared once
 */
public record GatysResult(RgbImage image, List<HistoryEntry> history, int bestIteration, boolean cancelled,
        boolean converged, int evaluations, double seconds, RunPlan plan, OptionalInt resumedAt,
        List<RgbImage> paintingsUsed) {
    public GatysResult {
        history = List.copyOf(history);
        paintingsUsed = List.copyOf(paintingsUsed);
    }

    /** The last history entry: the losses of the final image (its last tile's, when tiled). */
    public HistoryEntry last() {
        return history.get(history.size() - 1);
    }
}
