package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.atelier.NonFiniteLossException;
import dev.atelier.nn.Constants;
import dev.atelier.nn.GradientRecording;
import dev.atelier.nn.Vgg;
import dev.atelier.optim.DifferentiableFunction;
import dev.atelier.optim.FunctionValue;
import dev.atelier.optim.Scalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A weighted sum of loss terms over a frozen VGG's features of an image: Gatys et al.'s objective
 * {@code α·content + β·style + γ·tv}, differentiated with respect to the image only. Closing it
 * closes its terms (not the network, which callers share).
 */
public final class PerceptualObjective implements DifferentiableFunction<LossValues>, AutoCloseable {
    private final Vgg network;
    private final List<WeightedTerm> terms;
    private final Set<String> layers = new LinkedHashSet<>();

    public PerceptualObjective(Vgg network, List<WeightedTerm> terms) {
        this.network = network;
        this.terms = List.copyOf(terms);
        for (WeightedTerm weighted : terms) {
            layers.addAll(weighted.term().layers());
        }
    }

    @Override
    public FunctionValue<LossValues> evaluate(NDArray point, NDManager scope) {
        try (NDManager evaluation = scope.newSubManager()) {
            NDArray image = point.duplicate();
            image.attach(evaluation);
            image.setRequiresGradient(true);
            LossValues values = GradientRecording.collecting(() -> {
                try (GradientCollector collector = evaluation.getEngine().newGradientCollector()) {
                    Weighted result = weightedTotal(image);
                    collector.backward(result.total());
                    return result.values();
                }
            });
            // The engine's gradient array shares the leaf's storage, which dies with the leaf when this
            // evaluation's memory is freed: copy it out first (reading it later was a use-after-free).
            NDArray gradient = image.getGradient().duplicate();
            gradient.attach(scope);
            requireFinite(values, gradient);
            return new FunctionValue<>(values.total(), gradient, values);
        }
    }

    /** Whether every element is finite: their absolute sum is (NaN and infinity propagate into it). */
    private static boolean finite(NDArray array) {
        try (NDManager check = array.getManager().newSubManager()) {
            NDArray magnitude = array.abs();
            magnitude.attach(check);
            NDArray sum = magnitude.sum();
            sum.attach(check);
            return Double.isFinite(Scalars.toDouble(sum));
        }
    }

    /**
     * Stops the run when the loss or its gradient overflowed: an optimiser fed NaN returns NaN
     * losses and a blank image, so the cause is better said at once, naming the weight to lower
     * (that of the term that overflowed, else of the largest weighted term).
     */
    private void requireFinite(LossValues values, NDArray gradient) {
        boolean finiteGradient = gradient == null || finite(gradient);
        if (Double.isFinite(values.total()) && finiteGradient) {
            return;
        }
        StringBuilder shown = new StringBuilder();
        String culprit = null;
        double largest = -1;
        for (WeightedTerm weighted : terms) {
            String name = weighted.term().name();
            double value = values.term(name);
            shown.append(shown.length() == 0 ? "" : ", ").append(name).append(' ')
                    .append(String.format(Locale.ROOT, "%.4g", value));
            double size = Double.isFinite(value) ? Math.abs(value) : Double.POSITIVE_INFINITY;
            if (size > largest) {
                largest = size;
                culprit = name;
            }
        }
        throw new NonFiniteLossException((Double.isFinite(values.total()) ? "the loss's gradient" : "the loss")
                + " is not a finite number (weighted terms: " + shown + "): {" + culprit + "-weight} is too large for "
                + "float32 arithmetic; lower it");
    }

    private record Weighted(NDArray total, LossValues values) {}

    private Weighted weightedTotal(NDArray image) {
        Map<String, NDArray> features = layers.isEmpty() ? Map.of() : network.features(image, layers);
        Map<String, Double> values = new LinkedHashMap<>();
        List<NDArray> weightedTerms = new ArrayList<>();
        double total = 0;
        for (WeightedTerm weighted : terms) {
            NDArray value = weighted.term().compute(features, image);
            double contribution = weighted.weight() * Scalars.toDouble(value);
            values.put(weighted.term().name(), contribution);
            total += contribution;
            weightedTerms.add(Constants.times(value, weighted.weight()));
        }
        NDArray sum = weightedTerms.get(0);
        for (int i = 1; i < weightedTerms.size(); i++) {
            sum = sum.add(weightedTerms.get(i));
        }
        return new Weighted(sum, new LossValues(values, total));
    }

    public List<WeightedTerm> terms() {
        return terms;
    }

    @Override
    public void close() {
        for (WeightedTerm weighted : terms) {
            weighted.term().close();
        }
    }
}
