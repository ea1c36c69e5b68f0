package dev.atelier.studio;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a submission's {@code options} JSON object into the text form options take on the command
 * line: {@code {"size": 64, "preserve-color": true, "style-weights": [1, 3]}} becomes
 * {@code size=64, preserve-color=true, style-weights=1,3}. Numbers keep the digits the client wrote.
 *
 * <p>The JSON must be strict (RFC 8259): keys and text in double quotes, no comments, no trailing
 * commas or text, and each key once. Gson's tree parser is lenient and lets a repeated key silently
 * replace the first, so the object is read token by token here.
 */
final class OptionsJson {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private OptionsJson() {}

    /**
     * The options of {@code json} for {@code method}.
     *
     * @throws ApiException naming {@code options} for text that is not a strict JSON object, and
     *     {@code options.<key>} for an unknown or repeated key or a value that is an object or nested
     *     array
     */
    static Map<String, String> parse(String json, MethodInfo method) {
        Map<String, String> options = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return options;
        }
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw ApiException.badRequest("options", "must be a JSON object, e.g. {\"size\": 512}");
            }
            reader.beginObject();
            List<String> seen = new ArrayList<>();
            while (reader.hasNext()) {
                String key = reader.nextName();
                if (seen.contains(key)) {
                    throw ApiException.badRequest("options." + key, key + " is given twice; give each option once");
                }
                seen.add(key);
                if (!method.accepts(key)) {
                    throw ApiException.badRequest("options." + key, "unknown option '" + key + "' for method "
                            + method.name() + " (known: " + known(method) + ")");
                }
                String value = value(reader, key);
                if (value != null) {
                    options.put(key, value);
                }
            }
            reader.endObject();
            String after = reader.toString();
            try {
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw notStrict("text follows the object", after);
                }
            } catch (MalformedJsonException | EOFException trailing) {
                throw notStrict("text follows the object", after);
            }
        } catch (MalformedJsonException | IllegalStateException malformed) {
            throw notStrict("write keys and text in double quotes, with no comments or trailing commas",
                    malformed.getMessage());
        } catch (EOFException cut) {
            throw notStrict("it ends too early", cut.getMessage());
        } catch (IOException unreadable) {
            throw notStrict("it cannot be read", unreadable.getMessage());
        }
        return options;
    }

    /** A value as option text: {@code null} for JSON null (the default), lists joined with commas. */
    private static String value(JsonReader reader, String key) throws IOException {
        switch (reader.peek()) {
            case NULL -> {
                reader.nextNull();
                return null;
            }
            case BEGIN_ARRAY -> {
                List<String> items = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    JsonToken item = reader.peek();
                    if (item == JsonToken.BEGIN_ARRAY || item == JsonToken.BEGIN_OBJECT || item == JsonToken.NULL) {
                        throw ApiException.badRequest("options." + key,
                                "a list may hold only numbers, text or booleans");
                    }
                    items.add(primitive(reader));
                }
                reader.endArray();
                return String.join(",", items);
            }
            case BEGIN_OBJECT -> throw ApiException.badRequest("options." + key,
                    "must be a number, text, boolean or list, not an object");
            default -> {
                return primitive(reader);
            }
        }
    }

    /** A number as its digits were written, text as it is, a boolean as {@code true} or {@code false}. */
    private static String primitive(JsonReader reader) throws IOException {
        if (reader.peek() == JsonToken.BOOLEAN) {
            return Boolean.toString(reader.nextBoolean());
        }
        return reader.nextString();
    }

    private static ApiException notStrict(String advice, String detail) {
        Matcher position = POSITION.matcher(detail == null ? "" : detail);
        String where = position.find() ? " at line " + position.group(1) + ", column " + position.group(2) : "";
        return ApiException.badRequest("options", "is not strict JSON" + where + ": " + advice);
    }

    private static String known(MethodInfo method) {
        return Stream.concat(method.options().stream().map(MethodOption::name),
                method.modelOptions().stream().map(ModelOption::name)).collect(Collectors.joining(", "));
    }
}
