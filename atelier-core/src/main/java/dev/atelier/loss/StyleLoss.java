package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.nn.Constants;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Style loss of Gatys et al. (2016, eq. 4-5): at each style layer, the squared distance between the
 * Gram matrices of the image and of the style image, weighted per layer and summed.
 *
 * <p>Three normalisations are offered, because each method's default weights were tuned for its
 * own. {@link Scaling#LAYER_SIZE} is the documents' Gatys code: {@code w_l · mean((G_t − G_s)²) /
 * (C·H·W)} with unnormalised Gram matrices (the paper's 1/(4N²M²) replaced by a mean and one
 * division by the layer size). {@link Scaling#NORMALIZED_GRAM} is Johnson et al.'s code
 * (pytorch/examples fast_neural_style): Gram matrices divided by C·H·W, then their mean squared
 * difference. {@link Scaling#RELATIVE} divides that by the mean square of the target Gram matrix:
 * the relative error of the painting's statistics, unchanged when a network's activations are
 * scaled, so one style weight means the same on every network (Atelier's default for optimisation).
 */
public final class StyleLoss implements LossTerm {

    /** How a layer's Gram distance is scaled; see the class comment. */
    public enum Scaling {
        LAYER_SIZE,
        NORMALIZED_GRAM,
        RELATIVE
    }

    private final NDManager manager;
    private final Map<String, Double> layerWeights;
    private final Map<String, NDArray> targetGrams;
    private final Map<String, Double> targetMagnitudes = new LinkedHashMap<>();
    private final Scaling scaling;

    /**
     * @param targetGrams normalised Gram matrices of the style by layer (see {@link GramMatrix#normalized});
     *     copied into memory this term owns
     * @param layerWeights weight of each layer; same keys as {@code targetGrams}
     */
    public StyleLoss(Map<String, NDArray> targetGrams, Map<String, Double> layerWeights, Scaling scaling,
            NDManager parent) {
        if (!targetGrams.keySet().equals(layerWeights.keySet())) {
            throw new IllegalArgumentException("style targets " + targetGrams.keySet() + " and weights "
                    + layerWeights.keySet() + " name different layers");
        }
        this.manager = parent.newSubManager();
        this.layerWeights = Collections.unmodifiableMap(new LinkedHashMap<>(layerWeights));
        this.scaling = scaling;
        this.targetGrams = new LinkedHashMap<>();
        targetGrams.forEach((layer, gram) -> {
            NDArray copy = gram.duplicate();
            copy.attach(manager);
            this.targetGrams.put(layer, copy);
            targetMagnitudes.put(layer, scaling == Scaling.RELATIVE ? ContentLoss.magnitude(copy) : 1.0);
        });
    }

    /** Target (normalised) Gram matrices from a style image's features, for the constructor. */
    public static Map<String, NDArray> targetsFrom(Map<String, NDArray> styleFeatures) {
        Map<String, NDArray> grams = new LinkedHashMap<>();
        styleFeatures.forEach((layer, features) -> grams.put(layer, GramMatrix.normalized(features)));
        return grams;
    }

    /**
     * One layer's unweighted loss between an image's features and a target normalised Gram matrix;
     * broadcasts a (1, C, C) target over a batch.
     */
    public static NDArray layerLoss(NDArray features, NDArray targetGram, Scaling scaling) {
        double magnitude = scaling == Scaling.RELATIVE ? ContentLoss.magnitude(targetGram) : 1.0;
        return scaled(GramMatrix.normalized(features), targetGram, features, scaling, magnitude);
    }

    /**
     * The scaled distance between an image's normalised (or guided) Gram matrix and its target.
     *
     * @param features the image's features at the layer, for its size C·H·W
     * @param targetMagnitude mean square of the target Gram matrix (used by {@link Scaling#RELATIVE})
     */
    static NDArray scaled(NDArray gram, NDArray targetGram, NDArray features, Scaling scaling,
            double targetMagnitude) {
        NDArray difference = gram.sub(targetGram).square().mean();
        return switch (scaling) {
            // mean((G/s − T/s)²)·s² / s = mean((G − T)²) / s, with s = C·H·W: the documents' formula.
            case LAYER_SIZE -> Constants.times(difference, GramMatrix.layerSize(features));
            case NORMALIZED_GRAM -> difference;
            case RELATIVE -> Constants.dividedBy(difference, targetMagnitude);
        };
    }

    @Override
    public String name() {
        return "style";
    }

    @Override
    public Set<String> layers() {
        return targetGrams.keySet();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray image) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> target : targetGrams.entrySet()) {
            String layer = target.getKey();
            NDArray imageFeatures = features.get(layer);
            NDArray layerLoss = Constants.times(scaled(GramMatrix.normalized(imageFeatures), target.getValue(),
                    imageFeatures, scaling, targetMagnitudes.get(layer)), layerWeights.get(layer));
            total = total == null ? layerLoss : total.add(layerLoss);
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
