package dev.atelier.method.feedforward;

import dev.atelier.InvalidOptionException;
import dev.atelier.method.StyleOptions;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.util.List;

/**
 * How a trained network repaints photos. Immutable; built DJL-style.
 *
 * @param size the photo's longest side is brought to this first; 0 (the default) keeps its own size,
 *     which the network takes as it is
 * @param styleIndex which painting of a network of several repaints (1 is the first, as the
 *     network's list names them); a network of one painting takes only 1
 * @param styleWeights a blend of a network's paintings instead of one (Dumoulin et al.), one
 *     non-negative weight per painting in the network's order, scaled to sum to 1; empty for none
 */
public record FeedForwardOptions(int size, int styleIndex, List<Double> styleWeights) implements StyleOptions {

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, FeedForwardOptions> SCHEMA = OptionSchema.of(
                    FeedForwardOptions::builder, Builder::build)
            .add("size", "PIXELS", "Longest side of the result; 0 keeps the photo's own size.", ValueTypes.integer(),
                    Builder::optSize, FeedForwardOptions::size).main().range(0, MAXIMUM_SIZE)
            .add("style-index", "N", "Which painting of a network trained on several repaints (1: the first).",
                    ValueTypes.integer(), Builder::optStyleIndex, FeedForwardOptions::styleIndex).range(1, ModelFile.MOST_STYLES)
            .add("style-weights", "W1,W2,...", "Blend the paintings of a network trained on several: one weight "
                    + "each, in the network's order (scaled to sum to 1).", ValueTypes.numbers(),
                    Builder::optStyleWeights, FeedForwardOptions::styleWeights).atLeast(0)
            .done();

    public FeedForwardOptions {
        styleWeights = List.copyOf(styleWeights);
    }

    /** Options of a given size, every other at its default. */
    public FeedForwardOptions(int size) {
        this(size, 1, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static FeedForwardOptions defaults() {
        return SCHEMA.defaults();
    }

    /**
     * The weights over a network's {@code styles} paintings these options ask for: a blend, or the
     * one painting picked.
     *
     * @throws InvalidOptionException when they do not fit the network ({@code network} names it)
     */
    public double[] paintingWeights(int styles, String network) {
        if (!styleWeights.isEmpty()) {
            if (styleWeights.size() != styles) {
                throw new InvalidOptionException("style-weights", "gives " + styleWeights.size() + " weights, but "
                        + network + " holds " + styles + (styles == 1 ? " painting" : " paintings"));
            }
            double[] weights = new double[styles];
            for (int i = 0; i < styles; i++) {
                weights[i] = styleWeights.get(i);
            }
            return weights;
        }
        if (styleIndex > styles) {
            throw new InvalidOptionException("style-index", "is " + styleIndex + ", but " + network + " holds "
                    + styles + (styles == 1 ? " painting" : " paintings"));
        }
        double[] weights = new double[styles];
        weights[styleIndex - 1] = 1;
        return weights;
    }

    /** Builder with the defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private int size = 0;
        private int styleIndex = 1;
        private List<Double> styleWeights = List.of();

        private Builder() {}

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public Builder optStyleIndex(int value) {
            styleIndex = value;
            return this;
        }

        public Builder optStyleWeights(List<Double> value) {
            styleWeights = List.copyOf(value);
            return this;
        }

        public void validate() {
            if (size != 0 && (size < FeedForwardStylizer.MINIMUM_SIDE || size > MAXIMUM_SIZE)) {
                throw new InvalidOptionException("size", "must be 0 (the photo's own size) or between "
                        + FeedForwardStylizer.MINIMUM_SIDE + " and " + MAXIMUM_SIZE + " pixels, got " + size);
            }
            if (styleIndex < 1 || styleIndex > ModelFile.MOST_STYLES) {
                throw new InvalidOptionException("style-index", "must be 1 or more (1 is the network's first "
                        + "painting), got " + styleIndex);
            }
            if (!styleWeights.isEmpty()) {
                if (styleIndex != 1) {
                    throw new InvalidOptionException("style-weights", "and {style-index} cannot be given together: "
                            + "the weights pick the blend");
                }
                try {
                    double[] weights = styleWeights.stream().mapToDouble(Double::doubleValue).toArray();
                    PaintingMix.normalised(weights, weights.length);
                } catch (IllegalArgumentException e) {
                    throw new InvalidOptionException("style-weights", e.getMessage());
                }
            }
        }

        public FeedForwardOptions build() {
            validate();
            return new FeedForwardOptions(size, styleIndex, styleWeights);
        }
    }
}
