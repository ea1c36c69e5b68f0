package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;

/**
 * A trained feed-forward network that repaints: Johnson et al.'s transformer in one of its fixed
 * layouts ({@link TransformerNetwork}, one painting or a blend of several) or a network given as a
 * list of modules ({@link ModuleNetwork}, e.g. read from Torch7).
 */
public interface StyleNetwork extends AutoCloseable {

    /**
     * Repaints an (N, 3, H, W) batch of RGB in 0–255 into the same range and size (sizes that are
     * multiples of 4; {@link FeedForwardStylizer} pads others). The result is attached to the
     * input's manager.
     */
    NDArray forward(NDArray input);

    @Override
    void close();
}
