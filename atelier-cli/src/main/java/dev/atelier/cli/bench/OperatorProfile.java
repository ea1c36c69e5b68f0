package dev.atelier.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's profiler trace (the Chrome trace JSON that DJL's {@code JniUtils.stopProfile} writes)
 * summed by operator: only the operators the program called itself count (an event inside another
 * on the same thread is part of that one's time), by name and by name and input shapes.
 */
final class OperatorProfile {
    /** One operator, or one operator on inputs of one shape: total microseconds and calls. */
    record Line(String name, String shapes, double micros, long calls) {}

    private final double totalMicros;
    private final List<Line> byName;
    private final List<Line> byShape;

    private OperatorProfile(double totalMicros, List<Line> byName, List<Line> byShape) {
        this.totalMicros = totalMicros;
        this.byName = byName;
        this.byShape = byShape;
    }

    /** Reads a trace: a JSON array of complete events, or an object holding them as {@code traceEvents}. */
    static OperatorProfile of(String traceJson) {
        JsonElement root = JsonParser.parseString(traceJson);
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray()
                : root.getAsJsonObject().getAsJsonArray("traceEvents");
        record Event(String thread, double start, double duration, String name, String shapes) {}
        List<Event> complete = new ArrayList<>();
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            if (!"X".equals(event.has("ph") ? event.get("ph").getAsString() : null)) {
                continue;
            }
            complete.add(new Event(event.has("tid") ? event.get("tid").toString() : "", event.get("ts").getAsDouble(),
                    event.get("dur").getAsDouble(), event.get("name").getAsString(),
                    event.has("shape") ? event.get("shape").toString() : ""));
        }
        // Per thread, by start; at one start the longer (outer) event first.
        complete.sort(Comparator.comparing(Event::thread).thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
        Map<String, double[]> names = new LinkedHashMap<>();
        Map<List<String>, double[]> shapes = new LinkedHashMap<>();
        Map<String, Double> busyUntil = new HashMap<>();
        double total = 0;
        for (Event event : complete) {
            if (event.start() < busyUntil.getOrDefault(event.thread(), Double.NEGATIVE_INFINITY)) {
                continue;
            }
            busyUntil.put(event.thread(), event.start() + event.duration());
            total += event.duration();
            add(names.computeIfAbsent(event.name(), name -> new double[2]), event.duration());
            add(shapes.computeIfAbsent(List.of(event.name(), event.shapes()), key -> new double[2]), event.duration());
        }
        List<Line> byName = new ArrayList<>();
        names.forEach((name, sums) -> byName.add(new Line(name, "", sums[0], (long) sums[1])));
        List<Line> byShape = new ArrayList<>();
        shapes.forEach((key, sums) -> byShape.add(new Line(key.get(0), key.get(1), sums[0], (long) sums[1])));
        Comparator<Line> longestFirst = Comparator.comparingDouble(Line::micros).reversed();
        byName.sort(longestFirst);
        byShape.sort(longestFirst);
        return new OperatorProfile(total, List.copyOf(byName), List.copyOf(byShape));
    }

    private static void add(double[] sums, double micros) {
        sums[0] += micros;
        sums[1]++;
    }

    /** Microseconds in the operators the program called. */
    double totalMicros() {
        return totalMicros;
    }

    /** Operators by name, longest first. */
    List<Line> byName() {
        return byName;
    }

    /** Operators by name and input shapes, longest first. */
    List<Line> byShape() {
        return byShape;
    }
}
