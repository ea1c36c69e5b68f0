package dev.atelier.weights.torch7;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lua table as Torch7 serialised it: keys and values in the file's order. Keys are {@link
 * Double}s (Lua numbers), {@link String}s, {@link Boolean}s or further tables and objects; like a
 * Lua table, a table is equal only to itself.
 */
public final class Torch7Table {
    private final Map<Object, Object> entries = new LinkedHashMap<>();

    Torch7Table() {}

    void put(Object key, Object value) {
        entries.put(key, value);
    }

    /** Every entry, in the file's order. */
    public Map<Object, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The value under a string key, or {@code null}. */
    public Object get(String key) {
        return entries.get(key);
    }

    /** The value under a number key (Lua's {@code t[1]}), or {@code null}. */
    public Object get(long index) {
        return entries.get((double) index);
    }

    public int size() {
        return entries.size();
    }

    /** The array part: {@code t[1]}, {@code t[2]}, … up to the first missing index. */
    public List<Object> list() {
        List<Object> items = new ArrayList<>();
        for (long index = 1; entries.containsKey((double) index); index++) {
            items.add(entries.get((double) index));
        }
        return items;
    }
}
