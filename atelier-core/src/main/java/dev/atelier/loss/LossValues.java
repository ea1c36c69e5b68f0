package dev.atelier.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss of one image: each term as it enters the total (α·content, β·style, γ·tv; a style term
 * includes its per-layer weights), and the total the optimizer minimises, their sum. Terms are
 * weighted here, once: histories, events and reports show these values as they are.
 */
public record LossValues(Map<String, Double> terms, double total) {
    public LossValues {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** One term's weighted value, or 0 when the objective has no such term. */
    public double term(String name) {
        return terms.getOrDefault(name, 0.0);
    }
}
