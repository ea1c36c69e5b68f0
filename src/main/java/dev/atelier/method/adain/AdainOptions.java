package dev.atelier.method.adain;

import dev.atelier.BadInputException;
import java.util.List;

/**
 * How AdaIN stylizes a photo. The defaults are the reference code's (naoto0804/pytorch-AdaIN,
 * {@code test.py}): full style, photo and paintings brought to 512 pixels, the painting's colours.
 *
 * @param alpha content-style trade-off in [0, 1]: 0 gives the decoder's reconstruction of the
 *     photo, 1 the full style (sec. 7.3 of the paper)
 * @param styleWeights one non-negative weight per style to interpolate between several paintings
 *     (normalised to sum to 1); empty for equal weights
 * @param preserveColor recolour each painting to the photo's colour statistics before encoding it,
 *     so the result keeps the photo's palette
 * @param contentSize the photo's longer side is scaled to this many pixels; 0 keeps its size
 * @param styleSize each painting's longer side is scaled to this many pixels; 0 keeps its size
 */
public record AdainOptions(double alpha, List<Double> styleWeights, boolean preserveColor, int contentSize,
        int styleSize) {
    /** Largest size accepted, a guard against a typo that would need hundreds of gigabytes. */
    public static final int MAXIMUM_SIZE = 16_384;

    public AdainOptions {
        styleWeights = List.copyOf(styleWeights);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("alpha must be between 0 and 1, got " + alpha);
        }
        for (double weight : styleWeights) {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new BadInputException("style weights must be finite and non-negative, got " + weight);
            }
        }
        requireSize("size", contentSize);
        requireSize("style size", styleSize);
    }

    /** Full style, equal weights, the paintings' colours, 512 pixels. */
    public static AdainOptions defaults() {
        return new AdainOptions(1.0, List.of(), false, 512, 512);
    }

    public AdainOptions withAlpha(double value) {
        return new AdainOptions(value, styleWeights, preserveColor, contentSize, styleSize);
    }

    public AdainOptions withStyleWeights(List<Double> value) {
        return new AdainOptions(alpha, value, preserveColor, contentSize, styleSize);
    }

    public AdainOptions withPreserveColor(boolean value) {
        return new AdainOptions(alpha, styleWeights, value, contentSize, styleSize);
    }

    public AdainOptions withContentSize(int value) {
        return new AdainOptions(alpha, styleWeights, preserveColor, value, styleSize);
    }

    public AdainOptions withStyleSize(int value) {
        return new AdainOptions(alpha, styleWeights, preserveColor, contentSize, value);
    }

    private static void requireSize(String name, int size) {
        if (size != 0 && (size < AdainStylizer.MINIMUM_SIDE || size > MAXIMUM_SIZE)) {
            throw new BadInputException(name + " must be 0 (keep the image's size) or between "
                    + AdainStylizer.MINIMUM_SIDE + " and " + MAXIMUM_SIZE + " pixels, got " + size);
        }
    }
}
