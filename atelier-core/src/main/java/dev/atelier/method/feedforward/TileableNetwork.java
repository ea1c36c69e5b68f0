package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.NormStatistics;

/**
 * A style network that can repaint a large picture tile by tile ({@link FeedForwardStylizer}): its
 * layers are Johnson et al.'s transformer, whose reach around a pixel the tiles' halo covers, and its
 * instance norms can take their statistics from the whole picture instead of the tile they see.
 * Networks given as modules (Torch7) are not known to keep to that reach, so they run whole.
 */
public interface TileableNetwork extends StyleNetwork {

    /**
     * As {@link #forward(NDArray)}, each instance norm taking its statistics from {@code statistics}
     * (recorded on a whole picture, say, for a run tile by tile).
     */
    NDArray forward(NDArray input, NormStatistics statistics);
}
