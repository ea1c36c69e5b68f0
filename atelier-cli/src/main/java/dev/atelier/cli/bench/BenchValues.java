package dev.atelier.cli.bench;

import dev.atelier.InvalidOptionException;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;
import java.util.List;
import java.util.Map;

/**
 * Checks on benchmark settings, so a bad value is a one-line usage error, not a stack trace; and the
 * example pictures the benches use unless told otherwise.
 */
final class BenchValues {
    /** The photo the benches use by default: one of the examples in the repository (examples/CREDITS.md). */
    static final String EXAMPLE_PHOTO = "examples/photos/eilean-donan.jpg";
    /** The painting the benches use by default. */
    static final String EXAMPLE_PAINTING = "examples/paintings/starry-night.jpg";

    private BenchValues() {}

    /** A listener for a bench's own loads: warnings go to standard error, downloads stay quiet. */
    static RunListener warningsToStandardError() {
        return event -> {
            if (event instanceof Warning warning) {
                System.err.println(warning.message());
            }
        };
    }

    static int atLeast(String key, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidOptionException(key, "must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    static List<Integer> sides(String key, List<Integer> values) {
        if (values.isEmpty()) {
            throw new InvalidOptionException(key, "give at least one size");
        }
        values.forEach(value -> between(key, value, 16, 16384));
        return values;
    }

    static int between(String key, int value, int minimum, int maximum) {
        if (value < minimum || value > maximum) {
            throw new InvalidOptionException(key, "must be between " + minimum + " and " + maximum + ", got " + value);
        }
        return value;
    }

    static double notNegative(String key, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidOptionException(key, "must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** {@code --option KEY=VALUE} values, in order, into {@code values} (a later key replaces an earlier one). */
    static Map<String, String> keyValues(List<String> options, Map<String, String> values) {
        for (String option : options) {
            int equals = option.indexOf('=');
            if (equals < 1) {
                throw new InvalidOptionException("option", "takes KEY=VALUE, got '" + option + "'");
            }
            values.put(option.substring(0, equals), option.substring(equals + 1));
        }
        return values;
    }
}
