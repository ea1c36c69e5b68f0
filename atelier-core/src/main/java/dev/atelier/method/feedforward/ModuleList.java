package dev.atelier.method.feedforward;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feed-forward network given as a list of modules rather than one of the fixed {@link
 * TransformerLayout}s: how jcjohnson/fast-neural-style's Torch7 networks are built (their widths,
 * normalisation and padding differ between releases), with the input and output conversion their
 * checkpoint names. Stored as JSON in the model file's {@code modules} metadata.
 */
public record ModuleList(List<ModuleStep> steps, Preprocessing preprocessing) {
    /** Largest size, padding or channel count accepted from a file. */
    static final int LARGEST_SIZE = 1 << 16;
    /** Most steps (counting those inside branches) a stored list may hold. */
    static final int MOST_STEPS = 10_000;

    public ModuleList {
        steps = List.copyOf(steps);
    }

    /** Every parameter the steps read, with its shape, in order. */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        steps.forEach(step -> shapes.putAll(step.parameterShapes()));
        return shapes;
    }

    /** The JSON stored in model files. */
    public String toJsonText() {
        JsonObject json = new JsonObject();
        json.addProperty("preprocessing", preprocessing.displayName());
        json.add("steps", toJson(steps));
        return json.toString();
    }

    static JsonArray toJson(List<ModuleStep> steps) {
        JsonArray array = new JsonArray();
        steps.forEach(step -> array.add(step.toJson()));
        return array;
    }

    /** Reads the {@code modules} metadata of a model file. */
    public static ModuleList fromJsonText(Path file, String text) {
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            Preprocessing preprocessing = Preprocessing.named(json.get("preprocessing").getAsString());
            if (preprocessing == null) {
                throw new IllegalArgumentException("unknown preprocessing " + json.get("preprocessing"));
            }
            JsonArray steps = json.getAsJsonArray("steps");
            if (countSteps(steps, 0) > MOST_STEPS) {
                throw new IllegalArgumentException("more than " + MOST_STEPS + " steps");
            }
            return new ModuleList(stepsFromJson(steps), preprocessing);
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged 'modules' metadata (" + e.getMessage() + ")");
        }
    }

    static List<ModuleStep> stepsFromJson(JsonArray array) {
        List<ModuleStep> steps = new ArrayList<>();
        for (JsonElement element : array) {
            steps.add(ModuleStep.fromJson(element));
        }
        return steps;
    }

    /** Steps in a JSON list, branches included, refusing nesting deeper than 50 branches. */
    private static int countSteps(JsonArray steps, int depth) {
        if (depth > 50) {
            throw new IllegalArgumentException("branches nested too deep");
        }
        int count = 0;
        for (JsonElement element : steps) {
            count++;
            JsonElement branches = element.getAsJsonObject().get("branches");
            if (branches != null) {
                for (JsonElement branch : branches.getAsJsonArray()) {
                    count += countSteps(branch.getAsJsonArray(), depth + 1);
                }
            }
        }
        return count;
    }
}
