package dev.atelier.method;

import dev.atelier.color.ColorPreservation;
import dev.atelier.options.ValueType;
import dev.atelier.options.ValueTypes;
import java.util.Map;

/**
 * The {@code preserve-color} option, spelt and described the same for every method that offers
 * it: one flag with one meaning, whichever method runs.
 */
public final class ColorPreservationOption {
    /** The option's key. */
    public static final String KEY = "preserve-color";

    /** The option's label in help. */
    public static final String LABEL = "MODE";

    /** The option's description. */
    public static final String DESCRIPTION = "Keep the photo's colours: luminance (style on light and shade only, "
            + "the photo's colours kept exactly) or histogram (the painting recoloured to the photo's colours "
            + "first).";

    private ColorPreservationOption() {}

    /**
     * Its values: {@code none}, {@code luminance}, {@code histogram}; {@code true} (what a bare flag or
     * a checkbox sends) means luminance and {@code false} none.
     */
    @SuppressWarnings("unchecked")
    public static ValueType<ColorPreservation> type() {
        return ValueTypes.choice(Map.entry("none", ColorPreservation.NONE),
                Map.entry("luminance", ColorPreservation.LUMINANCE),
                Map.entry("histogram", ColorPreservation.HISTOGRAM),
                Map.entry("true", ColorPreservation.LUMINANCE),
                Map.entry("false", ColorPreservation.NONE));
    }
}
