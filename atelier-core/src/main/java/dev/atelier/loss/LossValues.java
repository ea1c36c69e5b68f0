package dev.atelier.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss of one image: each term unweighted (as α, β, γ have not been applied; a style term
 * includes its per-layer weights) and the weighted total the optimizer minimises.
 */
public record LossValues(Map<String, Double> terms, double total) {
    public LossValues {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** One term's unweighted value, or 0 when the objective has no such term. */
    public double term(String name) {
        return terms.getOrDefault(name, 0.0);
    }
}
