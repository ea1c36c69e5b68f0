package dev.atelier.training;

import dev.atelier.report.HistoryEntry;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The losses of every step and every validation of a training run, kept across resumptions. */
public final class TrainingHistory {

    private final List<HistoryEntry> entries = new ArrayList<>();

    /** One step: its weighted terms and the validation loss if it validated (else NaN). */
    public void add(HistoryEntry entry) {
        entries.add(entry);
    }

    public List<HistoryEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        for (HistoryEntry entry : entries) {
            JsonObject line = new JsonObject();
            line.addProperty("step", entry.step());
            entry.losses().forEach(line::addProperty);
            line.addProperty("total", entry.total());
            if (!Double.isNaN(entry.validation())) {
                line.addProperty("validation", entry.validation());
            }
            array.add(line);
        }
        return array;
    }

    public static TrainingHistory fromJson(JsonArray array) {
        TrainingHistory history = new TrainingHistory();
        for (JsonElement element : array) {
            JsonObject line = element.getAsJsonObject();
            Map<String, Double> terms = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> field : line.entrySet()) {
                String name = field.getKey();
                if (!name.equals("step") && !name.equals("total") && !name.equals("validation")) {
                    terms.put(name, field.getValue().getAsDouble());
                }
            }
            double validation = line.has("validation") ? line.get("validation").getAsDouble() : Double.NaN;
            history.add(new HistoryEntry(line.get("step").getAsLong(), -1, -1, terms, Double.NaN, validation));
        }
        return history;
    }
}
