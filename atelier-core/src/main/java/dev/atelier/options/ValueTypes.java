package dev.atelier.options;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.OutputFormat;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The value types options use. Each parses text strictly: {@code 1e3x} is an error, not {@code 1000}. */
public final class ValueTypes {
    private ValueTypes() {}

    /** A whole number (int). */
    public static ValueType<Integer> integer() {
        return new Simple<>("integer") {
            @Override
            public Integer parse(String key, String text) {
                try {
                    return Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidOptionException(key, "expected a whole number, got '" + text + "'");
                }
            }
        };
    }

    /** A whole number that may be absent ({@code ""}), for defaults that follow another option. */
    public static ValueType<Integer> optionalInteger() {
        ValueType<Integer> whole = integer();
        return new Simple<>("integer") {
            @Override
            public Integer parse(String key, String text) {
                return text.isBlank() ? null : whole.parse(key, text);
            }
        };
    }

    /** A long whole number (seeds, pixel counts). */
    public static ValueType<Long> longInteger() {
        return new Simple<>("integer") {
            @Override
            public Long parse(String key, String text) {
                try {
                    return Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidOptionException(key, "expected a whole number, got '" + text + "'");
                }
            }
        };
    }

    /** A real number; {@code NaN} and infinities are refused here, ranges by the options' checks. */
    public static ValueType<Double> number() {
        return new Simple<>("number") {
            @Override
            public Double parse(String key, String text) {
                return real(key, text);
            }

            @Override
            public String format(Double value) {
                return value == null ? "" : compact(value);
            }
        };
    }

    /** {@code true}/{@code false} (also yes/no, on/off, 1/0). */
    public static ValueType<Boolean> bool() {
        return new Simple<>("boolean") {
            @Override
            public String bareSwitch() {
                return "true";
            }

            @Override
            public Boolean parse(String key, String text) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new InvalidOptionException(key, "expected true or false, got '" + text + "'");
                };
            }
        };
    }

    /** Free text, trimmed. */
    public static ValueType<String> text() {
        return new Simple<>("text") {
            @Override
            public String parse(String key, String text) {
                return text.trim();
            }
        };
    }

    /** A file path; {@code ""} for none. */
    public static ValueType<Path> file() {
        return new Simple<>("file") {
            @Override
            public Path parse(String key, String text) {
                if (text.isBlank()) {
                    return null;
                }
                try {
                    return Path.of(text.trim());
                } catch (InvalidPathException e) {
                    throw new InvalidOptionException(key, "'" + text + "' is not a file path");
                }
            }
        };
    }

    /**
     * One of a fixed set of values, by name. The first name given for a value is how it is written
     * back; further names are accepted aliases.
     */
    @SafeVarargs
    public static <E> ValueType<E> choice(Map.Entry<String, E>... names) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (Map.Entry<String, E> name : names) {
            byName.put(name.getKey(), name.getValue());
        }
        List<String> shown = new ArrayList<>();
        Map<E, String> canonical = new LinkedHashMap<>();
        byName.forEach((name, value) -> {
            if (canonical.putIfAbsent(value, name) == null) {
                shown.add(name);
            }
        });
        return new ValueType<>() {
            @Override
            public E parse(String key, String text) {
                E value = byName.get(text.trim().toLowerCase(Locale.ROOT));
                if (value == null) {
                    throw new InvalidOptionException(key, "expected one of " + String.join(", ", shown) + ", got '"
                            + text + "'");
                }
                return value;
            }

            @Override
            public String format(E value) {
                return value == null ? "" : canonical.get(value);
            }

            @Override
            public JsonElement toJson(E value) {
                return value == null ? JsonNull.INSTANCE : new JsonPrimitive(format(value));
            }

            @Override
            public String kind() {
                return "choice";
            }

            @Override
            public String bareSwitch() {
                return byName.containsKey("true") ? canonical.get(byName.get("true")) : "";
            }

            @Override
            public List<String> choices() {
                return List.copyOf(shown);
            }
        };
    }

    /**
     * An image format results can be written in ({@link OutputFormat}): every front end's one format
     * choice, with its aliases ({@code jpeg} for {@code jpg}).
     */
    @SuppressWarnings("unchecked")
    public static ValueType<OutputFormat> outputFormat() {
        List<Map.Entry<String, OutputFormat>> names = new ArrayList<>();
        for (OutputFormat format : OutputFormat.all()) {
            names.add(Map.entry(format.name(), format));
        }
        for (OutputFormat format : OutputFormat.all()) {
            format.aliases().forEach(alias -> names.add(Map.entry(alias, format)));
        }
        return choice(names.toArray(new Map.Entry[0]));
    }

    /** An enum's constants by their lower-case names with dashes ({@code RANDOM_VGG19} is {@code random-vgg19}). */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        List<Map.Entry<String, E>> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(Map.entry(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant));
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, E>[] array = names.toArray(new Map.Entry[0]);
        return choice(array);
    }

    /** Comma-separated real numbers, e.g. {@code 1,3}; {@code ""} for an empty list. */
    public static ValueType<List<Double>> numbers() {
        return new ValueType<>() {
            @Override
            public List<Double> parse(String key, String text) {
                List<Double> values = new ArrayList<>();
                for (String part : items(text)) {
                    values.add(real(key, part));
                }
                return Collections.unmodifiableList(values);
            }

            @Override
            public String format(List<Double> values) {
                List<String> parts = new ArrayList<>();
                values.forEach(value -> parts.add(compact(value)));
                return String.join(",", parts);
            }

            @Override
            public JsonElement toJson(List<Double> values) {
                JsonArray array = new JsonArray();
                values.forEach(array::add);
                return array;
            }

            @Override
            public String kind() {
                return "list";
            }
        };
    }

    /** Comma-separated names, e.g. {@code conv4_2,conv5_2}. */
    public static ValueType<List<String>> names() {
        return new ValueType<>() {
            @Override
            public List<String> parse(String key, String text) {
                return List.copyOf(items(text));
            }

            @Override
            public String format(List<String> values) {
                return String.join(",", values);
            }

            @Override
            public JsonElement toJson(List<String> values) {
                JsonArray array = new JsonArray();
                values.forEach(array::add);
                return array;
            }

            @Override
            public String kind() {
                return "list";
            }
        };
    }

    /**
     * Names with weights, {@code conv1_1=1,conv2_1=0.8} (a name without {@code =w} weighs 1). A name
     * given twice is an error: the second would silently replace the first.
     */
    public static ValueType<Map<String, Double>> weightedNames() {
        return new ValueType<>() {
            @Override
            public Map<String, Double> parse(String key, String text) {
                Map<String, Double> weights = new LinkedHashMap<>();
                for (String item : items(text)) {
                    int equals = item.indexOf('=');
                    String name = (equals < 0 ? item : item.substring(0, equals)).trim();
                    if (name.isEmpty()) {
                        throw new InvalidOptionException(key, "'" + item + "' names no layer");
                    }
                    double weight = equals < 0 ? 1 : real(key, item.substring(equals + 1));
                    if (weights.put(name, weight) != null) {
                        throw new InvalidOptionException(key, "'" + name + "' is given twice");
                    }
                }
                return Collections.unmodifiableMap(weights);
            }

            @Override
            public String format(Map<String, Double> values) {
                List<String> parts = new ArrayList<>();
                values.forEach((name, weight) -> parts.add(name + "=" + compact(weight)));
                return String.join(",", parts);
            }

            @Override
            public JsonElement toJson(Map<String, Double> values) {
                JsonObject object = new JsonObject();
                values.forEach(object::addProperty);
                return object;
            }

            @Override
            public String kind() {
                return "list";
            }
        };
    }

    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return items;
    }

    private static double real(String key, String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(key, "expected a number, got '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidOptionException(key, "expected a finite number, got '" + text + "'");
        }
        return value;
    }

    /** {@code 1.0} as {@code 1}, {@code 1000000.0} as {@code 1e6}, {@code 0.001} as it is. */
    static String compact(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e5) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toString()
                .replace("E+", "e").replace('E', 'e');
    }

    /** Numbers, booleans, text and paths: written as text, reported as JSON scalars. */
    private abstract static class Simple<T> implements ValueType<T> {
        private final String kind;

        Simple(String kind) {
            this.kind = kind;
        }

        @Override
        public String format(T value) {
            return value == null ? "" : value.toString();
        }

        @Override
        public JsonElement toJson(T value) {
            if (value == null) {
                return JsonNull.INSTANCE;
            }
            if (value instanceof Number number) {
                return new JsonPrimitive(number);
            }
            if (value instanceof Boolean bool) {
                return new JsonPrimitive(bool);
            }
            return new JsonPrimitive(value.toString());
        }

        @Override
        public String kind() {
            return kind;
        }
    }
}
