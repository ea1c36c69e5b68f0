package dev.atelier.method.adain;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * Arbitrary style transfer in one forward pass (Huang and Belongie, "Arbitrary Style Transfer in
 * Real-time with Adaptive Instance Normalization", ICCV 2017): encode the photo and the painting,
 * give the photo's relu4_1 features the painting's channel statistics, decode. With several styles
 * the re-normalised features are blended by weight (sec. 7.3, style interpolation); {@code alpha}
 * blends them back towards the photo's own features (sec. 7.3, content-style trade-off).
 */
public final class AdainStylizer {
    /** Smallest side accepted: the encoder pools three times and still reflects a border. */
    public static final int MINIMUM_SIDE = 16;

    private final AdainEncoder encoder;
    private final AdainDecoder decoder;

    public AdainStylizer(AdainEncoder encoder, AdainDecoder decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** A style reduced to what AdaIN uses: relu4_1 channel means and deviations (Java memory). */
    public record StyleStatistics(float[] mean, float[] standardDeviation) {}

    /** Encodes a painting once, so many photos can use it without encoding it again. */
    public StyleStatistics statistics(RgbImage style) {
        requireSize(style, "style");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = encoder.encode(ImageTensors.toTensor(manager, style));
            return new StyleStatistics(AdaptiveInstanceNorm.mean(features).toFloatArray(),
                    AdaptiveInstanceNorm.standardDeviation(features).toFloatArray());
        }
    }

    /**
     * @param styles the styles' statistics
     * @param weights one non-negative weight per style, not all zero; normalised to sum to 1
     * @param alpha 0 reproduces the photo through the decoder, 1 applies the full style
     */
    public RgbImage stylize(RgbImage content, List<StyleStatistics> styles, List<Double> weights, double alpha) {
        requireSize(content, "content");
        double[] normalized = normalizedWeights(weights, styles.size());
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("alpha must be between 0 and 1, got " + alpha);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            int width = content.width();
            int height = content.height();
            NDArray image = ImageTensors.toTensor(manager, content);
            // The encoder halves the size three times: pad to a multiple of 8 so the decoder's output
            // aligns with the photo, then crop back.
            NDArray padded = Layers.reflectionPad(image, 0, (8 - height % 8) % 8, 0, (8 - width % 8) % 8);
            NDArray features = encoder.encode(padded);
            NDArray target = null;
            for (int i = 0; i < styles.size(); i++) {
                if (normalized[i] == 0) {
                    continue;
                }
                NDArray restyled = Constants.times(AdaptiveInstanceNorm.normalizeToStatistics(features,
                        column(manager, styles.get(i).mean()), column(manager, styles.get(i).standardDeviation())),
                        normalized[i]);
                        
                target = target == null ? restyled : target.add(restyled);
            }
            NDArray blended = Constants.times(target, alpha).add(Constants.times(features, 1 - alpha));
            NDArray output = decoder.decode(blended).get(":, :, 0:" + height + ", 0:" + width);
            return ImageTensors.toImage(output);
        }
    }

    /** One style, full weight. */
    public RgbImage stylize(RgbImage content, RgbImage style, double alpha) {
        return stylize(content, List.of(statistics(style)), List.of(1.0), alpha);
    }

    /** Checks interpolation weights and scales them to sum to 1. */
    public static double[] normalizedWeights(List<Double> weights, int styleCount) {
        if (styleCount == 0) {
            throw new BadInputException("at least one style image is needed");
        }
        List<Double> given = weights == null || weights.isEmpty() ? nCopies(styleCount) : weights;
        if (given.size() != styleCount) {
            throw new BadInputException("--style-weights gives " + given.size() + " weights for " + styleCount
                    + " style images; give one per style");
        }
        double sum = 0;
        for (double weight : given) {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new BadInputException("style weights must be finite and non-negative, got " + weight);
            }
            sum += weight;
        }
        if (sum == 0) {
            throw new BadInputException("style weights must not all be zero");
        }
        double[] normalized = new double[styleCount];
        for (int i = 0; i < styleCount; i++) {
            normalized[i] = given.get(i) / sum;
        }
        return normalized;
    }

    private static List<Double> nCopies(int count) {
        List<Double> ones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ones.add(1.0);
        }
        return ones;
    }

    private static NDArray column(NDManager manager, float[] values) {
        return manager.create(values).reshape(1, values.length, 1, 1);
    }

    private static void requireSize(RgbImage image, String role) {
        if (Math.min(image.width(), image.height()) < MINIMUM_SIDE) {
            throw new BadInputException(role + " image is " + image.width() + "x" + image.height()
                    + "; AdaIN needs at least " + MINIMUM_SIDE + " pixels on each side");
        }
    }
}
