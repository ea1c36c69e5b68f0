package dev.atelier.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Records as JSON, for the settings a checkpoint must match before a run resumes from it: a record
 * becomes an object with snake_case keys.
 */
public final class RecordJson {
    private RecordJson() {}

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
}
