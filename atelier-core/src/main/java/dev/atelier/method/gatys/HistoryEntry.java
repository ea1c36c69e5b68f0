package dev.atelier.method.gatys;

import java.util.Map;

/**
 * One line of a run's loss history, as written to reports: unweighted terms (the style term
 * includes its per-layer weights) and the weighted total. On a tiled scale the losses are those of
 * the tile being refined.
 */
public record HistoryEntry(int iteration, int scale, int tile, double content, double style, double tv, double total,
        double seconds) {

    static HistoryEntry of(IterationEvent event) {
        Map<String, Double> terms = event.losses().terms();
        return new HistoryEntry(event.iteration(), event.scaleIndex(), event.tileIndex(),
                terms.getOrDefault("content", 0.0), terms.getOrDefault("style", 0.0), terms.getOrDefault("tv", 0.0),
                event.losses().total(), event.seconds());
    }
}
