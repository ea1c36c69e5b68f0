package dev.atelier.batch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A short digest of the settings that shape results, and a readable account of how two sets of
 * settings differ. Keys are sorted first, so the digest does not depend on the order they were added.
 */
final class SettingsFingerprint {
    private SettingsFingerprint() {}

    /** SHA-256 of the canonical form, 16 hex digits (64 bits: ample to tell runs apart). */
    static String of(JsonObject settings) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(settings).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code iterations 500 → 2}, one entry per changed setting, dotted paths for nested ones. */
    static List<String> differences(JsonObject before, JsonObject after) {
        Map<String, String> old = flatten(before);
        Map<String, String> now = flatten(after);
        TreeSet<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        List<String> changes = new ArrayList<>();
        for (String key : keys) {
            String was = old.getOrDefault(key, "(none)");
            String is = now.getOrDefault(key, "(none)");
            if (!was.equals(is)) {
                changes.add(key + " " + was + " → " + is);
            }
        }
        return changes;
    }

    private static String canonical(JsonElement element) {
        if (element.isJsonObject()) {
            StringBuilder text = new StringBuilder("{");
            new TreeMap<>(element.getAsJsonObject().asMap()).forEach((key, value) ->
                    text.append('"').append(key).append("\":").append(canonical(value)).append(','));
            return text.append('}').toString();
        }
        if (element.isJsonArray()) {
            StringBuilder text = new StringBuilder("[");
            element.getAsJsonArray().forEach(value -> text.append(canonical(value)).append(','));
            return text.append(']').toString();
        }
        return element.toString();
    }

    private static Map<String, String> flatten(JsonObject object) {
        Map<String, String> flat = new TreeMap<>();
        flatten("", object, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonElement element, Map<String, String> flat) {
        if (element.isJsonObject()) {
            element.getAsJsonObject().asMap().forEach((key, value) ->
                    flatten(prefix.isEmpty() ? key : prefix + "." + key, value, flat));
        } else {
            flat.put(prefix, element.isJsonPrimitive() ? element.getAsJsonPrimitive().getAsString()
                    : element.toString());
        }
    }
}
