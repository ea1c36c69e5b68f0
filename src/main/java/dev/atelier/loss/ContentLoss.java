package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.nn.Constants;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Content loss of Gatys et al. (2016, eq. 1): the mean squared difference between the image's
 * features and the content image's at each content layer, summed over layers. Departure from the
 * paper, as the documents' code does: mean instead of half the sum, so the value does not grow with
 * the image size.
 *
 * <p>{@link Scaling#RELATIVE} further divides each layer's value by the mean square of the photo's
 * own features there, so the term is the relative error of the features: scaling a network's
 * filters (which scales its activations, as the normalised VGG-19 does against torchvision's)
 * leaves it unchanged, and one content weight means the same on every network.
 */
public final class ContentLoss implements LossTerm {

    /** How a layer's mean squared difference is scaled. */
    public enum Scaling {
        /** As the documents: the plain mean squared difference. */
        MEAN_SQUARE,
        /** Divided by the mean square of the target features: a relative error, free of the network's scale. */
        RELATIVE
    }

    private final NDManager manager;
    private final Map<String, NDArray> targets;
    private final Map<String, Double> divisors = new LinkedHashMap<>();

    /** The documents' term ({@link Scaling#MEAN_SQUARE}). */
    public ContentLoss(Map<String, NDArray> targets, NDManager parent) {
        this(targets, Scaling.MEAN_SQUARE, parent);
    }

    /**
     * @param targets the content image's activations by layer; copied into memory this term owns
     */
    public ContentLoss(Map<String, NDArray> targets, Scaling scaling, NDManager parent) {
        this.manager = parent.newSubManager();
        this.targets = new LinkedHashMap<>();
        targets.forEach((layer, features) -> {
            NDArray copy = features.duplicate();
            copy.attach(manager);
            this.targets.put(layer, copy);
            divisors.put(layer, scaling == Scaling.RELATIVE ? magnitude(copy) : 1.0);
        });
    }

    /**
     * Mean square of a tensor, computed in Java so nothing is attached to the tensor's manager; an
     * all-zero target gives 1, leaving its layer's value the plain mean squared difference.
     */
    static double magnitude(NDArray target) {
        double meanSquare = squareSum(target) / Math.max(1, target.size());
        return meanSquare > 0 && Double.isFinite(meanSquare) ? meanSquare : 1.0;
    }

    /** Sum of squares of a float32 or float64 tensor, in Java double precision. */
    static double squareSum(NDArray array) {
        double sum = 0;
        if (array.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
            for (double value : array.toDoubleArray()) {
                sum += value * value;
            }
        } else {
            for (float value : array.toFloatArray()) {
                sum += (double) value * value;
            }
        }
        return sum;
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
            double divisor = divisors.get(target.getKey());
            if (divisor != 1.0) {
                layerLoss = Constants.dividedBy(layerLoss, divisor);
            }
            total = total == null ? layerLoss : total.add(layerLoss);
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
