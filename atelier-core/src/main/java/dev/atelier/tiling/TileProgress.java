package dev.atelier.tiling;

import dev.atelier.method.RunContext;
import dev.atelier.progress.StepFinished;
import java.util.Map;

/** Tiles done, told to a run's listener as {@code tile} steps (only when a picture runs in several). */
public final class TileProgress {
    private TileProgress() {}

    /** A listener that reports each tile of a run as a {@link StepFinished} of stage {@code tile}. */
    public static OnePassTiling.TileListener reporting(RunContext context) {
        long started = System.nanoTime();
        return (done, total) -> {
            if (total < 2) {
                return;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double remaining = seconds / done * (total - done);
            context.listener().onEvent(new StepFinished("tile", done, total, (double) done / total, seconds,
                    remaining, Map.of(), context.item()));
        };
    }
}
