package dev.atelier.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import dev.atelier.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * JSON as any strict parser reads it: a non-finite number is a bug to report, never text such as
 * {@code NaN} that {@code JSON.parse} or Python's {@code json} in strict mode would refuse.
 */
public final class StrictJson {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private StrictJson() {}

    /**
     * Pretty-printed text of {@code json}.
     *
     * @throws IllegalStateException when a number in it is NaN or infinite (the path names where)
     */
    public static String text(JsonElement json) {
        requireFinite(json, "$");
        return PRETTY.toJson(json) + "\n";
    }

    /** Writes {@code json} to {@code file} atomically (a crash never leaves half a report). */
    public static void write(JsonElement json, Path file) {
        byte[] bytes = text(json).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, output -> output.write(bytes));
    }

    /** Parses text as strict JSON: NaN, comments or trailing garbage are errors. */
    public static JsonObject parseObject(String text) {
        try {
            com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(
                    new java.io.StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            return element.getAsJsonObject();
        } catch (java.io.IOException | IllegalStateException | JsonParseException e) {
            throw new JsonParseException("not strict JSON: " + e.getMessage(), e);
        }
    }

    private static void requireFinite(JsonElement json, String path) {
        if (json.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
                requireFinite(entry.getValue(), path + "." + entry.getKey());
            }
        } else if (json.isJsonArray()) {
            for (int i = 0; i < json.getAsJsonArray().size(); i++) {
                requireFinite(json.getAsJsonArray().get(i), path + "[" + i + "]");
            }
        } else if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            double value = json.getAsDouble();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("report value " + path + " is " + value + ", which JSON cannot hold");
            }
        }
    }
}
