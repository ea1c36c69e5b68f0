package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Map;
import java.util.Set;

/**
 * Total variation (Mahendran and Vedaldi 2015, used by Johnson et al. 2016): the mean squared
 * difference between vertically neighbouring pixels plus the same horizontally. Penalises
 * high-frequency noise in the result.
 */
public final class TotalVariationLoss implements LossTerm {

    /** The value for an (N, C, H, W) image. */
    public static NDArray of(NDArray image) {
        NDArray vertical = image.get(new NDIndex(":, :, 1:, :")).sub(image.get(new NDIndex(":, :, :-1, :")));
        NDArray horizontal = image.get(new NDIndex(":, :, :, 1:")).sub(image.get(new NDIndex(":, :, :, :-1")));
        return vertical.square().mean().add(horizontal.square().mean());
    }

    @Override
    public String name() {
        return "tv";
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray image) {
        return of(image);
    }

    @Override
    public void close() {
        // Holds no targets.
    }
}
