package dev.atelier.batch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The few styles made ready most recently (least recently used dropped first, and closed if they
 * hold networks). A style that could not be read is remembered as such, so its pairs fail at once
 * without reading it again.
 */
final class StyleCache<S> implements AutoCloseable {
    /** A ready style, or why there is none. */
    record Entry<S>(S style, String error) {}

    private final int capacity;
    private final LinkedHashMap<Integer, Entry<S>> entries = new LinkedHashMap<>(16, 0.75f, true);

    StyleCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Whether the style at {@code index} is held (ready or failed). */
    boolean holds(int index) {
        return entries.containsKey(index);
    }

    /** The style at {@code index}, prepared by {@code prepare} when not held. */
    Entry<S> get(int index, Supplier<Entry<S>> prepare) {
        Entry<S> entry = entries.get(index);
        if (entry == null) {
            entry = prepare.get();
            entries.put(index, entry);
            evict();
        }
        return entry;
    }

    private void evict() {
        Iterator<Map.Entry<Integer, Entry<S>>> oldest = entries.entrySet().iterator();
        while (entries.size() > capacity && oldest.hasNext()) {
            Entry<S> entry = oldest.next().getValue();
            if (entry.error() != null) {
                // Failures are tiny and must stay remembered; only ready styles are dropped.
                continue;
            }
            oldest.remove();
            closeQuietly(entry.style());
        }
    }

    @Override
    public void close() {
        entries.values().forEach(entry -> closeQuietly(entry.style()));
        entries.clear();
    }

    private static void closeQuietly(Object style) {
        if (style instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Releasing native memory at the end cannot fail in a way the user could act on.
            }
        }
    }
}
