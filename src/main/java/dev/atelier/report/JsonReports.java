package dev.atelier.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import dev.atelier.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writing the JSON sidecar every output gets: pretty-printed, atomically (a crash never leaves
 * half a report), with the fields every report shares.
 */
public final class JsonReports {
    private JsonReports() {}

    /** A report skeleton: what made it, when, and with which versions. */
    public static JsonObject newReport(String command, String method) {
        JsonObject report = new JsonObject();
        report.addProperty("command", command);
        report.addProperty("method", method);
        report.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        JsonObject versions = new JsonObject();
        Versions.all().forEach(versions::addProperty);
        report.add("versions", versions);
        return report;
    }

    public static void write(JsonObject report, Path file) {
        // Non-finite numbers (a diverged loss) must still produce a report, so they are allowed.
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(report) + "\n";
        AtomicFiles.write(file, output -> output.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Settings as JSON: a record becomes an object with snake_case keys, enums their lower-case
     * names, paths strings, maps objects and collections arrays.
     */
    public static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof Enum<?> constant) {
            return new JsonPrimitive(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((key, item) -> object.add(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            JsonArray array = new JsonArray();
            collection.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Record record) {
            JsonObject object = new JsonObject();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    object.add(snakeCase(component.getName()), toJson(component.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component.getName(), e);
                }
            }
            return object;
        }
        return new JsonPrimitive(value.toString());
    }

    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The default sidecar path of an output: its name with the extension replaced by {@code .json}. */
    public static Path sidecarOf(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return output.resolveSibling(stem + ".json");
    }
}
