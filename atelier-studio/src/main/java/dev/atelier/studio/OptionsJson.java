package dev.atelier.studio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a submission's {@code options} JSON object into the text form options take on the command
 * line: {@code {"size": 64, "preserve-color": true, "style-weights": [1, 3]}} becomes
 * {@code size=64, preserve-color=true, style-weights=1,3}. Numbers keep the digits the client wrote.
 */
final class OptionsJson {
    private OptionsJson() {}

    /**
     * The options of {@code json} for {@code method}.
     *
     * @throws ApiException naming {@code options} for text that is not a JSON object, and
     *     {@code options.<key>} for an unknown key or a value that is an object or nested array
     */
    static Map<String, String> parse(String json, MethodInfo method) {
        Map<String, String> options = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return options;
        }
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw ApiException.badRequest("options", "must be a JSON object, e.g. {\"size\": 512}");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException malformed) {
            throw ApiException.badRequest("options", "is not valid JSON (" + firstLine(malformed) + ")");
        }
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            String key = entry.getKey();
            if (!method.accepts(key)) {
                throw ApiException.badRequest("options." + key, "unknown option '" + key + "' for method "
                        + method.name() + " (known: " + known(method) + ")");
            }
            JsonElement value = entry.getValue();
            if (value.isJsonNull()) {
                continue;
            }
            options.put(key, text(key, value));
        }
        return options;
    }

    private static String text(String key, JsonElement value) {
        if (value.isJsonPrimitive()) {
            return value.getAsString();
        }
        if (value.isJsonArray()) {
            List<String> items = new ArrayList<>();
            for (JsonElement item : (JsonArray) value) {
                if (!(item instanceof JsonPrimitive primitive)) {
                    throw ApiException.badRequest("options." + key, "a list may hold only numbers, text or booleans");
                }
                items.add(primitive.getAsString());
            }
            return String.join(",", items);
        }
        throw ApiException.badRequest("options." + key, "must be a number, text, boolean or list, not an object");
    }

    private static String known(MethodInfo method) {
        return Stream.concat(method.options().stream().map(MethodOption::name),
                method.modelOptions().stream().map(ModelOption::name)).collect(Collectors.joining(", "));
    }

    private static String firstLine(Exception failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
