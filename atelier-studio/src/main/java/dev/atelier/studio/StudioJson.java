package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as the studio writes it: snake_case keys, explicit nulls, and never NaN or Infinity (an
 * unknown number is {@code null}), so any strict parser reads it.
 */
final class StudioJson {
    /** For the API's answers; refuses non-finite numbers rather than writing invalid JSON. */
    static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeNulls()
            .disableHtmlEscaping()
            .create();

    private StudioJson() {}

    /** {@code value}, or JSON null when it is not a finite number. */
    static JsonElement number(double value) {
        return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    static String textMap(Map<String, String> values) {
        JsonObject object = new JsonObject();
        values.forEach(object::addProperty);
        return object.toString();
    }

    static Map<String, String> textMap(String json) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonParser.parseString(json).getAsJsonObject().entrySet()
                .forEach(entry -> values.put(entry.getKey(), entry.getValue().getAsString()));
        return values;
    }

    static String textList(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array.toString();
    }

    static List<String> textList(String json) {
        List<String> values = new ArrayList<>();
        JsonParser.parseString(json).getAsJsonArray().forEach(item -> values.add(item.getAsString()));
        return values;
    }

    /**
     * Progress as the API shows it: times in seconds, unknown values null, and what the step worked on
     * or at what pace, in the library's words ({@code item}: a clip's {@code "2.41 frames/s"}), or empty.
     */
    static JsonObject progress(StepFinished progress) {
        JsonObject object = new JsonObject();
        object.addProperty("stage", progress.stage());
        object.addProperty("step", progress.step());
        object.addProperty("total", progress.total());
        object.add("fraction", number(progress.fraction()));
        object.add("elapsed_seconds", number(progress.elapsedSeconds()));
        object.add("eta_seconds", number(progress.secondsRemaining()));
        JsonObject losses = new JsonObject();
        progress.losses().forEach((name, value) -> losses.add(name, number(value == null ? Double.NaN : value)));
        object.add("losses", losses);
        object.addProperty("item", progress.item() == null ? "" : progress.item());
        return object;
    }

    static StepFinished progress(String json) {
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Double> losses = new LinkedHashMap<>();
        object.getAsJsonObject("losses").entrySet()
                .forEach(entry -> losses.put(entry.getKey(), doubleOf(entry.getValue())));
        JsonElement stage = object.get("stage");
        JsonElement item = object.get("item");
        return new StepFinished(stage == null || stage.isJsonNull() ? null : stage.getAsString(),
                object.get("step").getAsLong(),
                object.get("total").getAsLong(), doubleOf(object.get("fraction")),
                doubleOf(object.get("elapsed_seconds")), doubleOf(object.get("eta_seconds")), losses,
                item == null || item.isJsonNull() ? "" : item.getAsString());
    }

    private static double doubleOf(JsonElement element) {
        return element == null || element.isJsonNull() ? Double.NaN : element.getAsDouble();
    }
}
