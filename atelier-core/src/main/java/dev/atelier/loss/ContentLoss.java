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
 * <p>{@link Scaling#RELATIVE} further divides each layer's value by the photo's own feature variation
 * there (the mean square of its features about each channel's spatial mean), so the term is a
 * relative error: scaling a network's filters (which scales its activations, as the normalised
 * VGG-19 does against torchvision's) leaves it unchanged, and one content weight means the same on
 * every network. The variation, not the raw magnitude, is the yardstick because a channel's constant
 * part says nothing about where things are: ReLU features of a random network are mostly such
 * offset (measured on Tübingen at 256 px: the raw magnitude is 4.3 times the variation at conv4_2
 * of random-vgg19, 1.5 times at conv4_1 of the normalised VGG-19), and against the raw magnitude a
 * random network let the photo go five times more cheaply.
 */
public final class ContentLoss implements LossTerm {

    /** How a layer's mean squared difference is scaled. */
    public enum Scaling {
        /** As the documents: the plain mean squared difference. */
        MEAN_SQUARE,
        /** Divided by the target features' variation about their channel means: free of the network's scale. */
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
            divisors.put(layer, scaling == Scaling.RELATIVE ? variation(copy) : 1.0);
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

    /**
     * Mean square of (N, C, H, W) features about each channel's spatial mean, computed in Java; at
     * least a thousandth of their raw mean square (a flat photo has no variation to measure by), and
     * 1 for all-zero features. Scales with the square of the features, as the loss does.
     */
    static double variation(NDArray features) {
        double[] values = features.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64
                ? features.toDoubleArray() : toDoubles(features.toFloatArray());
        long plane = features.getShape().get(2) * features.getShape().get(3);
        int planes = (int) (values.length / plane);
        double centred = 0;
        double raw = 0;
        for (int c = 0; c < planes; c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < plane; i++) {
                double value = values[(int) (c * plane + i)];
                sum += value;
                squares += value * value;
            }
            double mean = sum / plane;
            raw += squares;
            centred += squares - plane * mean * mean;
        }
        raw /= values.length;
        centred /= values.length;
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1.0;
        }
        return Math.max(centred, 1e-3 * raw);
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
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
