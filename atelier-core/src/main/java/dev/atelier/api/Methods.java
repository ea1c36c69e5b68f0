package dev.atelier.api;

import dev.atelier.InvalidOptionException;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.TrainingMethod;
import dev.atelier.method.adain.AdainMethod;
import dev.atelier.method.adain.AdainTraining;
import dev.atelier.method.feedforward.FeedForwardMethod;
import dev.atelier.method.feedforward.FeedForwardTraining;
import dev.atelier.method.gatys.GatysMethod;
import dev.atelier.method.magenta.MagentaMethod;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The registry of methods: adding a method means one new package and one line here. */
public final class Methods {
    private static final List<StyleMethod<?, ?>> STYLE = List.of(new GatysMethod(), new FeedForwardMethod(),
            new AdainMethod(), new MagentaMethod());
    private static final List<TrainingMethod<?>> TRAINING = List.of(new FeedForwardTraining(), new AdainTraining());

    private Methods() {}

    /**
     * The method a request that names none runs: feed-forward when it brings trained networks, else
     * optimisation. Written once, for every front end.
     */
    public static String defaultFor(boolean withModels) {
        return withModels ? "feedforward" : "gatys";
    }

    /** Every style transfer method, in the order listings show them. */
    public static List<StyleMethod<?, ?>> all() {
        return STYLE;
    }

    /**
     * The method named {@code name}.
     *
     * @throws InvalidOptionException naming the known methods when there is none
     */
    public static StyleMethod<?, ?> get(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return STYLE.stream().filter(method -> method.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidOptionException("method", "expected one of " + names(STYLE.stream()
                        .map(StyleMethod::name).toList()) + ", got '" + name + "'"));
    }

    /** Every method that trains networks. */
    public static List<TrainingMethod<?>> training() {
        return TRAINING;
    }

    /** The training of the method named {@code name}. */
    public static TrainingMethod<?> training(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return TRAINING.stream().filter(method -> method.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidOptionException("method", "no training for '" + name + "' (expected "
                        + names(TRAINING.stream().map(TrainingMethod::name).toList()) + ")"));
    }

    private static String names(List<String> names) {
        return names.stream().collect(Collectors.joining(", "));
    }
}
