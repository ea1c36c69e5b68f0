package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * One term of a style transfer objective, computed from the image being optimised and its
 * features. Terms are unweighted: the objective multiplies each by its weight (α, β, γ).
 */
public interface LossTerm extends AutoCloseable {

    /** Short name used in reports and progress lines: {@code content}, {@code style}, {@code tv}. */
    String name();

    /** Layers whose activations {@link #compute} reads. */
    Set<String> layers();

    /**
     * The term's scalar value; its result is attached to {@code image}'s manager.
     *
     * @param features activations of {@link #layers()} for {@code image}
     * @param image the normalised image (N, 3, H, W)
     */
    NDArray compute(Map<String, NDArray> features, NDArray image);

    /** Releases targets held in native memory. */
    @Override
    void close();
}
