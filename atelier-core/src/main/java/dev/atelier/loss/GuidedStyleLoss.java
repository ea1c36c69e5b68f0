package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.nn.Constants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Style loss with spatial control (Gatys, Ecker, Bethge, Hertzmann and Shechtman 2017,
 * "Controlling perceptual factors in neural style transfer", sec. 4): each painting has a region of
 * the image, given by a guidance mask brought to each layer's resolution; at each layer the Gram
 * matrix of the image's features weighted by a painting's mask ({@link GramMatrix#guided}) is
 * compared with the Gram matrix of that whole painting. A painting's statistics are thus asked of
 * its region only, and the regions' terms are summed.
 */
public final class GuidedStyleLoss implements LossTerm {

    /**
     * One painting and where it goes.
     *
     * @param targetGrams the painting's normalised Gram matrices by layer
     * @param masks its guidance mask at each layer's resolution, (1, 1, H, W) in [0, 1]
     */
    public record Region(Map<String, NDArray> targetGrams, Map<String, NDArray> masks) {}

    private record OwnedRegion(Map<String, NDArray> targetGrams, Map<String, Double> targetMagnitudes,
            Map<String, NDArray> masks, Map<String, Double> maskSquareSums) {}

    private final NDManager manager;
    private final Map<String, Double> layerWeights;
    private final StyleLoss.Scaling scaling;
    private final List<OwnedRegion> regions = new ArrayList<>();

    /**
     * @param regions the paintings with their masks; targets and masks are copied into memory this
     *     term owns
     * @param layerWeights weight of each layer; the layers every region must have
     */
    public GuidedStyleLoss(List<Region> regions, Map<String, Double> layerWeights, StyleLoss.Scaling scaling,
            NDManager parent) {
        this.manager = parent.newSubManager();
        this.layerWeights = Collections.unmodifiableMap(new LinkedHashMap<>(layerWeights));
        this.scaling = scaling;
        try {
            for (Region region : regions) {
                if (!region.targetGrams().keySet().equals(layerWeights.keySet())
                        || !region.masks().keySet().containsAll(layerWeights.keySet())) {
                    throw new IllegalArgumentException("a region's targets " + region.targetGrams().keySet()
                            + " and masks " + region.masks().keySet() + " must cover the layers "
                            + layerWeights.keySet());
                }
                Map<String, NDArray> grams = new LinkedHashMap<>();
                Map<String, Double> magnitudes = new LinkedHashMap<>();
                Map<String, NDArray> masks = new LinkedHashMap<>();
                Map<String, Double> squareSums = new LinkedHashMap<>();
                for (String layer : layerWeights.keySet()) {
                    NDArray gram = region.targetGrams().get(layer).duplicate();
                    gram.attach(manager);
                    grams.put(layer, gram);
                    magnitudes.put(layer, scaling == StyleLoss.Scaling.RELATIVE ? ContentLoss.magnitude(gram) : 1.0);
                    NDArray mask = region.masks().get(layer).duplicate();
                    mask.attach(manager);
                    masks.put(layer, mask);
                    squareSums.put(layer, squareSum(mask));
                }
                this.regions.add(new OwnedRegion(grams, magnitudes, masks, squareSums));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static double squareSum(NDArray mask) {
        double sum = ContentLoss.squareSum(mask);
        // A region that vanished at a deep layer's resolution asks nothing there; avoid dividing by 0.
        return Math.max(sum, 1e-12);
    }

    @Override
    public String name() {
        return "style";
    }

    @Override
    public Set<String> layers() {
        return layerWeights.keySet();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray image) {
        NDArray total = null;
        for (Map.Entry<String, Double> weighted : layerWeights.entrySet()) {
            String layer = weighted.getKey();
            NDArray imageFeatures = features.get(layer);
            for (OwnedRegion region : regions) {
                NDArray gram = GramMatrix.guided(imageFeatures, region.masks().get(layer),
                        region.maskSquareSums().get(layer));
                NDArray layerLoss = Constants.times(StyleLoss.scaled(gram, region.targetGrams().get(layer),
                        imageFeatures, scaling, region.targetMagnitudes().get(layer)), weighted.getValue());
                total = total == null ? layerLoss : total.add(layerLoss);
            }
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
