package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Content loss of Gatys et al. (2016, eq. 1): the mean squared difference between the image's
 * features and the content image's at each content layer, summed over layers. Departure from the
 * paper, as the documents' code does: mean instead of half the sum, so the value does not grow with
 * the image size.
 */
public final class ContentLoss implements LossTerm {
    private final NDManager manager;
    private final Map<String, NDArray> targets;

    /**
     * @param targets the content image's activations by layer; copied into memory this term owns
     */
    public ContentLoss(Map<String, NDArray> targets, NDManager parent) {
        this.manager = parent.newSubManager();
        this.targets = new LinkedHashMap<>();
        targets.forEach((layer, features) -> {
            NDArray copy = features.duplicate();
            copy.attach(manager);
            this.targets.put(layer, copy);
        });
    }

    /** Mean squared difference of two equally shaped feature maps. */
    public static NDArray between(NDArray features, NDArray target) {
        return features.sub(target).square().mean();
    }

    @Override
    public String name() {
        return "content";
    }

    @Override
    public Set<String> layers() {
        return targets.keySet();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray image) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> target : targets.entrySet()) {
            NDArray layerLoss = between(features.get(target.getKey()), target.getValue());
            total = total == null ? layerLoss : total.add(layerLoss);
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
