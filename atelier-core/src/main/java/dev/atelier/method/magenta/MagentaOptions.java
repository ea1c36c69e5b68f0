package dev.atelier.method.magenta;

import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.method.ColorPreservationOption;
import dev.atelier.method.StyleOptions;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.util.List;

/**
 * How the Magenta method stylizes a photo. The defaults are Google's example's: full style, the
 * painting's short side brought to 256 pixels and centre-cropped, the photo at its own size.
 *
 * @param alpha style strength in [0, 1], Magenta's own control: the transformer gets
 *     {@code alpha · S(paintings) + (1 - alpha) · S(photo)}, so 0 is the photo repainted in its
 *     own style and 1 the full style
 * @param styleWeights one non-negative weight per painting, blending their embeddings (normalised
 *     to sum to 1); empty for equal weights
 * @param preserveColor keep the photo's colours: {@code LUMINANCE} gives the result's luminance the
 *     photo's chroma, {@code HISTOGRAM} recolours each painting to the photo before its style is predicted
 * @param size longest side of the result in pixels; 0 keeps the photo's size
 * @param styleSize each painting's (and, for {@code alpha < 1}, the photo's) short side before the
 *     centre square is cut for the style prediction network
 * @param predictor the style prediction network: a model name or a {@code .tflite} file
 * @param transformer the style transfer network: a model name or a {@code .tflite} file (float16 or int8)
 */
public record MagentaOptions(double alpha, List<Double> styleWeights, ColorPreservation preserveColor, int size,
        int styleSize,
        String predictor, String transformer) implements StyleOptions {
    /** Smallest painting size: the predictor halves it five times. */
    public static final int MINIMUM_STYLE_SIZE = 32;
    /** Largest painting size: MobileNetV2's first layers at 4096² already take gigabytes. */
    public static final int MAXIMUM_STYLE_SIZE = 4096;

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, MagentaOptions> SCHEMA = OptionSchema.of(MagentaOptions::builder,
                    Builder::build)
            .add("size", "PIXELS", "Longest side of the result; 0 keeps the photo's own size.", ValueTypes.integer(),
                    Builder::optSize, MagentaOptions::size).main().range(0, MAXIMUM_SIZE)
            .add("alpha", "A", "Style strength: 0 repaints the photo in its own style, 1 in the painting's.",
                    ValueTypes.number(), Builder::optAlpha, MagentaOptions::alpha).main().range(0, 1)
            .add("style-weights", "W,...", "One weight per painting, to blend several (default: equal).",
                    ValueTypes.numbers(), Builder::optStyleWeights, MagentaOptions::styleWeights).atLeast(0)
            .add(ColorPreservationOption.KEY, ColorPreservationOption.LABEL, ColorPreservationOption.DESCRIPTION,
                    ColorPreservationOption.type(), Builder::optPreserveColor, MagentaOptions::preserveColor).main()
            .add("style-size", "PIXELS", "The painting's short side before its centre square is read (Google's "
                    + "example: 256).", ValueTypes.integer(), Builder::optStyleSize, MagentaOptions::styleSize)
            .range(MINIMUM_STYLE_SIZE, MAXIMUM_STYLE_SIZE)
            .add("predictor", "MODEL", "Style prediction network: a model name or a .tflite file.", ValueTypes.text(),
                    Builder::optPredictor, MagentaOptions::predictor).inputFile()
            .add("transformer", "MODEL", "Style transfer network: magenta-transformer (float16), "
                    + "magenta-transformer-int8, or a .tflite file.", ValueTypes.text(), Builder::optTransformer,
                    MagentaOptions::transformer).inputFile()
            .done();

    public MagentaOptions {
        styleWeights = List.copyOf(styleWeights);
    }

    public static MagentaOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder in DJL's style: {@code optX} setters with defaults, checked by {@link #build()}. */
    public static final class Builder {
        private double alpha = 1;
        private List<Double> styleWeights = List.of();
        private ColorPreservation preserveColor = ColorPreservation.NONE;
        private int size = 0;
        // Google's example (and the size the distilled predictor was exported for).
        private int styleSize = 256;
        private String predictor = "magenta-predictor";
        // The float16 file: the best fidelity (PROVENANCE.md), and as fast here since both run in float32.
        private String transformer = "magenta-transformer";

        private Builder() {}

        private Builder(MagentaOptions options) {
            alpha = options.alpha;
            styleWeights = options.styleWeights;
            preserveColor = options.preserveColor;
            size = options.size;
            styleSize = options.styleSize;
            predictor = options.predictor;
            transformer = options.transformer;
        }

        public Builder optAlpha(double value) {
            alpha = value;
            return this;
        }

        public Builder optStyleWeights(List<Double> value) {
            styleWeights = value;
            return this;
        }

        public Builder optPreserveColor(ColorPreservation value) {
            preserveColor = value;
            return this;
        }

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public Builder optStyleSize(int value) {
            styleSize = value;
            return this;
        }

        public Builder optPredictor(String value) {
            predictor = value;
            return this;
        }

        public Builder optTransformer(String value) {
            transformer = value;
            return this;
        }

        /** Checks every value; a bad one is an {@link InvalidOptionException} naming the option. */
        public void validate() {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new InvalidOptionException("alpha", "must be between 0 and 1, got " + alpha);
            }
            if (styleWeights == null) {
                throw new InvalidOptionException("style-weights", "must be a list (empty for equal weights)");
            }
            for (Double weight : styleWeights) {
                if (weight == null || !(weight >= 0) || !Double.isFinite(weight)) {
                    throw new InvalidOptionException("style-weights", "must be finite and non-negative, got " + weight);
                }
            }
            if (!styleWeights.isEmpty() && styleWeights.stream().mapToDouble(Double::doubleValue).sum() == 0) {
                throw new InvalidOptionException("style-weights", "must not all be zero");
            }
            if (size != 0 && (size < MagentaStylizer.MINIMUM_SIDE || size > MAXIMUM_SIZE)) {
                throw new InvalidOptionException("size", "must be 0 (keep the photo's size) or between "
                        + MagentaStylizer.MINIMUM_SIDE + " and " + MAXIMUM_SIZE + " pixels, got " + size);
            }
            if (styleSize < MINIMUM_STYLE_SIZE || styleSize > MAXIMUM_STYLE_SIZE) {
                throw new InvalidOptionException("style-size", "must be between " + MINIMUM_STYLE_SIZE + " and "
                        + MAXIMUM_STYLE_SIZE + " pixels, got " + styleSize);
            }
            if (predictor == null || predictor.isBlank()) {
                throw new InvalidOptionException("predictor", "a style prediction network is needed");
            }
            if (transformer == null || transformer.isBlank()) {
                throw new InvalidOptionException("transformer", "a style transfer network is needed");
            }
            if (preserveColor == null) {
                throw new InvalidOptionException(ColorPreservationOption.KEY, "a mode is needed (none to keep "
                        + "the painting's colours)");
            }
        }

        public MagentaOptions build() {
            validate();
            return new MagentaOptions(alpha, styleWeights, preserveColor, size, styleSize, predictor, transformer);
        }
    }
}
