package dev.atelier.method.adain;

import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.method.ColorPreservationOption;
import dev.atelier.method.StyleOptions;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.util.List;

/**
 * How AdaIN stylizes a photo. The defaults are the reference code's (naoto0804/pytorch-AdaIN,
 * {@code test.py}): full style, photo and paintings brought to 512 pixels, the painting's colours,
 * the release's encoder and decoder. Immutable; built DJL-style, defaults written only in the builder.
 *
 * @param size the photo's longest side is scaled to this; 0 keeps its size
 * @param styleSize each painting's longest side is scaled to this; 0 keeps its size; {@code null}
 *     follows the result's size
 * @param alpha content-style trade-off in [0, 1]: 0 gives the decoder's reconstruction of the photo,
 *     1 the full style (sec. 7.3 of the paper)
 * @param styleWeights one non-negative weight per style to interpolate between several paintings
 *     (normalised to sum to 1); empty for equal weights
 * @param preserveColor keep the photo's colours: {@code HISTOGRAM} recolours each painting to the
 *     photo's colour statistics before encoding it (the paper's sec. 7.3), {@code LUMINANCE} keeps the
 *     result's light and shade with the photo's own chroma
 * @param encoder a model name or file; {@code null} for the one the decoder was trained with
 * @param decoder a model name or file
 */
public record AdainOptions(int size, Integer styleSize, double alpha, List<Double> styleWeights,
        ColorPreservation preserveColor, String encoder, String decoder) implements StyleOptions {

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, AdainOptions> SCHEMA = OptionSchema.of(AdainOptions::builder,
                    Builder::build)
            .add("size", "PIXELS", "Longest side of the result; 0 keeps the photo's own size.", ValueTypes.integer(),
                    Builder::optSize, AdainOptions::size).main().range(0, MAXIMUM_SIZE)
            .add("style-size", "PIXELS", "Longest side paintings are scaled to; 0 keeps their own size.",
                    ValueTypes.optionalInteger(), Builder::optStyleSize, AdainOptions::styleSize).range(0, MAXIMUM_SIZE)
            .defaultText("the result's size")
            .add("alpha", "A", "Style strength: 0 is the photo as the decoder rebuilds it, 1 the full style.",
                    ValueTypes.number(), Builder::optAlpha, AdainOptions::alpha).main().range(0, 1)
            .add("style-weights", "W,...", "One weight per painting, to blend several (default: equal).",
                    ValueTypes.numbers(), Builder::optStyleWeights, AdainOptions::styleWeights).atLeast(0)
            .add(ColorPreservationOption.KEY, ColorPreservationOption.LABEL, ColorPreservationOption.DESCRIPTION,
                    ColorPreservationOption.type(), Builder::optPreserveColor, AdainOptions::preserveColor).main()
            .add("encoder", "MODEL", "Encoder: a model name (adain-encoder, vgg19) or a weights file "
                    + "(default: the one the decoder was trained with).", ValueTypes.text(), Builder::optEncoder,
                    AdainOptions::encoder).inputFile().defaultText("the decoder's")
            .add("decoder", "MODEL", "Decoder: a model name or a file (e.g. one trained by train-adain).",
                    ValueTypes.text(), Builder::optDecoder, AdainOptions::decoder).inputFile()
            .done();

    public AdainOptions {
        styleWeights = List.copyOf(styleWeights);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AdainOptions defaults() {
        return SCHEMA.defaults();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The side paintings are scaled to for a result of {@code resultSide}; 0 keeps theirs. */
    public int styleSideFor(int resultSide) {
        return styleSize != null ? styleSize : resultSide;
    }

    /** Builder with the reference code's defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private int size = 512;
        private Integer styleSize;
        private double alpha = 1.0;
        private List<Double> styleWeights = List.of();
        private ColorPreservation preserveColor = ColorPreservation.NONE;
        private String encoder;
        private String decoder = "adain-decoder";

        private Builder() {}

        private Builder(AdainOptions options) {
            size = options.size;
            styleSize = options.styleSize;
            alpha = options.alpha;
            styleWeights = options.styleWeights;
            preserveColor = options.preserveColor;
            encoder = options.encoder;
            decoder = options.decoder;
        }

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public Builder optStyleSize(Integer value) {
            styleSize = value;
            return this;
        }

        public Builder optAlpha(double value) {
            alpha = value;
            return this;
        }

        public Builder optStyleWeights(List<Double> value) {
            styleWeights = List.copyOf(value);
            return this;
        }

        public Builder optPreserveColor(ColorPreservation value) {
            preserveColor = value;
            return this;
        }

        public Builder optEncoder(String value) {
            encoder = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder optDecoder(String value) {
            decoder = value;
            return this;
        }

        public void validate() {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new InvalidOptionException("alpha", "must be between 0 and 1, got " + alpha);
            }
            for (double weight : styleWeights) {
                if (!(weight >= 0) || !Double.isFinite(weight)) {
                    throw new InvalidOptionException("style-weights", "must be finite and non-negative, got "
                            + weight);
                }
            }
            if (!styleWeights.isEmpty() && styleWeights.stream().allMatch(weight -> weight == 0)) {
                throw new InvalidOptionException("style-weights", "must not all be zero");
            }
            requireSize("size", size);
            if (styleSize != null) {
                requireSize("style-size", styleSize);
            }
            if (decoder == null || decoder.isBlank()) {
                throw new InvalidOptionException("decoder", "a decoder is needed");
            }
            if (preserveColor == null) {
                throw new InvalidOptionException(ColorPreservationOption.KEY, "a mode is needed (none to keep "
                        + "the painting's colours)");
            }
        }

        private static void requireSize(String key, int size) {
            if (size != 0 && (size < AdainStylizer.MINIMUM_SIDE || size > MAXIMUM_SIZE)) {
                throw new InvalidOptionException(key, "must be 0 (keep the image's size) or between "
                        + AdainStylizer.MINIMUM_SIDE + " and " + MAXIMUM_SIZE + " pixels, got " + size);
            }
        }

        public AdainOptions build() {
            validate();
            return new AdainOptions(size, styleSize, alpha, styleWeights, preserveColor, encoder, decoder);
        }
    }
}
