package dev.atelier.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one report schema every run writes (docs/formats.md): what ran, on which inputs, into which
 * outputs, with which settings and networks, what came of it and the loss history. Keys are fixed
 * across methods and commands; sections a run has nothing for are left out.
 */
public final class Report {
    /** The {@code format} every report carries. */
    public static final String FORMAT = "atelier-report";
    /** Raised whenever a key changes meaning or moves. */
    public static final int FORMAT_VERSION = 2;

    private final JsonObject json = new JsonObject();
    private final JsonObject inputs = new JsonObject();
    private final JsonObject outputs = new JsonObject();
    private final JsonArray models = new JsonArray();
    private final JsonObject result = new JsonObject();
    private JsonObject settings = new JsonObject();
    private JsonArray history;

    private Report(String command, String method) {
        json.addProperty("format", FORMAT);
        json.addProperty("format_version", FORMAT_VERSION);
        json.addProperty("command", command);
        json.addProperty("method", method);
        json.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        JsonObject versions = new JsonObject();
        Versions.all().forEach(versions::addProperty);
        json.add("versions", versions);
    }

    /**
     * @param command what made it: {@code stylize}, {@code batch}, {@code train}, {@code serve}
     * @param method the method's registered name
     */
    public static Report start(String command, String method) {
        return new Report(command, method);
    }

    /**
     * Where the run's tensors were and which engine ran them: {@code asked}, {@code used},
     * {@code gpu_index}, {@code engine}, {@code engine_version}, {@code engine_build},
     * {@code native_library} (docs/formats.md).
     */
    public Report device(JsonObject value) {
        json.add("device", value.deepCopy());
        return this;
    }

    /** An input file by role ({@code content}, {@code init_image}). */
    public Report input(String role, Path file) {
        inputs.addProperty(role, file.toString());
        return this;
    }

    /** Several input files under one role ({@code styles}, {@code style_masks}); nothing when empty. */
    public Report inputs(String role, List<Path> files) {
        if (!files.isEmpty()) {
            JsonArray array = new JsonArray();
            files.forEach(file -> array.add(file.toString()));
            inputs.add(role, array);
        }
        return this;
    }

    /** An output file by role ({@code image}, {@code report}, {@code plot}, {@code side_by_side}). */
    public Report output(String role, Path file) {
        outputs.addProperty(role, file.toString());
        return this;
    }

    /** The settings that shaped the result: every option of the method, by snake_case key. */
    public Report settings(JsonObject value) {
        settings = value.deepCopy();
        return this;
    }

    /** Adds to the settings (what was resolved at run time, such as the batch's size). */
    public Report setting(String key, JsonElement value) {
        settings.add(key, value);
        return this;
    }

    public Report model(ModelUse use) {
        JsonObject model = new JsonObject();
        model.addProperty("role", use.role());
        model.addProperty("name", use.name());
        if (use.file() != null) {
            model.addProperty("file", use.file());
        }
        model.addProperty("sha256", use.sha256());
        if (use.seed() != null) {
            model.addProperty("seed", use.seed());
        }
        models.add(model);
        return this;
    }

    /** Facts about the outcome ({@code width}, {@code seconds}, {@code cancelled}, …). */
    public Report result(String key, JsonElement value) {
        result.add(key, value);
        return this;
    }

    public Report result(String key, Number value) {
        result.addProperty(key, value);
        return this;
    }

    public Report result(String key, boolean value) {
        result.addProperty(key, value);
        return this;
    }

    public Report result(String key, String value) {
        result.addProperty(key, value);
        return this;
    }

    /** Adds every field of {@code details} to the result section. */
    public Report results(JsonObject details) {
        details.entrySet().forEach(entry -> result.add(entry.getKey(), entry.getValue()));
        return this;
    }

    /** The loss history; each entry's terms weighted, its total their sum. */
    public Report history(List<HistoryEntry> entries) {
        history = new JsonArray();
        for (HistoryEntry entry : entries) {
            JsonObject line = new JsonObject();
            line.addProperty("step", entry.step());
            if (entry.scale() >= 0) {
                line.addProperty("scale", entry.scale());
            }
            if (entry.tile() >= 0) {
                line.addProperty("tile", entry.tile());
            }
            JsonObject losses = new JsonObject();
            entry.losses().forEach(losses::addProperty);
            line.add("losses", losses);
            line.addProperty("total", entry.total());
            if (entry.validated()) {
                line.addProperty("validation", entry.validation());
            }
            if (Double.isFinite(entry.seconds())) {
                line.addProperty("seconds", entry.seconds());
            }
            history.add(line);
        }
        return this;
    }

    public JsonObject toJson() {
        JsonObject complete = json.deepCopy();
        complete.add("inputs", inputs.deepCopy());
        complete.add("outputs", outputs.deepCopy());
        complete.add("settings", settings.deepCopy());
        if (!models.isEmpty()) {
            complete.add("models", models.deepCopy());
        }
        complete.add("result", result.deepCopy());
        if (history != null) {
            complete.add("history", history.deepCopy());
        }
        return complete;
    }

    /** Writes the report as strict JSON, atomically. */
    public void write(Path file) {
        StrictJson.write(toJson(), file);
    }

    /** Whether {@code json} is a report of this schema (any version). */
    public static boolean isReport(JsonObject json) {
        JsonElement format = json.get("format");
        return format != null && format.isJsonPrimitive() && FORMAT.equals(format.getAsString());
    }

    /** The default sidecar path of an output: its name with the extension replaced by {@code .json}. */
    public static Path sidecarOf(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return output.resolveSibling(stem + ".json");
    }
}
