package dev.atelier.tiling;

import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import java.util.Map;

/** Tiles done, told to a run's listener as {@code tile} steps (only when a picture runs in several). */
public final class TileProgress {
    private TileProgress() {}

    /**
     * A listener that reports each tile of a run as a {@link StepFinished} of stage {@code tile}.
     *
     * @param item the picture the tiles belong to, as the run's other events name it
     */
    public static OnePassTiling.TileListener reporting(RunListener listener, String item) {
        long started = System.nanoTime();
        return (done, total) -> {
            if (total < 2) {
                return;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double remaining = seconds / done * (total - done);
            listener.onEvent(new StepFinished("tile", done, total, (double) done / total, seconds, remaining,
                    Map.of(), item));
        };
    }
}
