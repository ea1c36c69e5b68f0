package dev.atelier.cli;

import dev.atelier.BadInputException;
import dev.atelier.nn.Pooling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Turning option text into values, with errors that name the option. */
final class OptionParsing {
    private OptionParsing() {}

    /** {@code conv1_1=1,conv2_1=0.8} (a layer without {@code =w} weighs 1). */
    static Map<String, Double> weightedLayers(String option, String text) {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            String layer = equals < 0 ? item : item.substring(0, equals).trim();
            double weight = 1;
            if (equals >= 0) {
                try {
                    weight = Double.parseDouble(item.substring(equals + 1).trim());
                } catch (NumberFormatException e) {
                    throw new BadInputException(option + ": '" + item + "' is not layer=weight");
                }
            }
            layers.put(layer, weight);
        }
        return layers;
    }

    static String weightedLayersText(Map<String, Double> layers) {
        return layers.entrySet().stream().map(entry -> entry.getKey() + "=" + trim(entry.getValue()))
                .collect(Collectors.joining(","));
    }

    static List<String> layers(String text) {
        List<String> layers = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                layers.add(part.trim());
            }
        }
        return layers;
    }

    static Pooling pooling(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "max" -> Pooling.MAX;
            case "avg", "average" -> Pooling.AVERAGE;
            default -> throw new BadInputException("--pool: expected max or avg, got '" + text + "'");
        };
    }

    static String poolingText(Pooling pooling) {
        return pooling == Pooling.MAX ? "max" : "avg";
    }

    /** An enum constant by its lower-case name ({@code lbfgs}, {@code content}). */
    static <E extends Enum<E>> E choice(String option, String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        String expected = java.util.Arrays.stream(type.getEnumConstants()).map(OptionParsing::lowerName)
                .collect(Collectors.joining(", "));
        throw new BadInputException(option + ": expected one of " + expected + ", got '" + text + "'");
    }

    static String lowerName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
