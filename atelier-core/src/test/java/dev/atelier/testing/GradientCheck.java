package dev.atelier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.atelier.optim.Scalars;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares an autograd gradient with central finite differences, in float64 so the comparison is
 * about the math, not rounding.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * Asserts that the gradient of {@code function} at {@code point} matches finite differences at
     * {@code samples} random coordinates to a relative tolerance.
     */
    public static void assertGradientMatches(Function<NDArray, NDArray> function, NDArray point, int samples,
            double relativeTolerance, long seed) {
        NDManager manager = point.getManager();
        double[] values = point.toDoubleArray();
        NDArray leaf = point.duplicate();
        leaf.setRequiresGradient(true);
        double[] analytic;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray value = function.apply(leaf);
            collector.backward(value);
        }
        analytic = leaf.getGradient().toDoubleArray();
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 0;
        for (double g : analytic) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertThat(scale).as("gradient is not identically zero").isGreaterThan(0);
        for (int sample = 0; sample < samples; sample++) {
            int index = random.nextInt(values.length);
            double step = 1e-6 * Math.max(1, Math.abs(values[index]));
            double plus = valueWith(function, point, values, index, values[index] + step);
            double minus = valueWith(function, point, values, index, values[index] - step);
            double numeric = (plus - minus) / (2 * step);
            assertThat(analytic[index])
                    .as("d/dx[%d]: analytic %s vs numeric %s", index, analytic[index], numeric)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(
                            relativeTolerance * Math.max(Math.abs(numeric), scale * 1e-3)));
        }
    }

    private static double valueWith(Function<NDArray, NDArray> function, NDArray like, double[] values, int index,
            double replacement) {
        double[] changed = values.clone();
        changed[index] = replacement;
        try (NDManager scope = like.getManager().newSubManager()) {
            NDArray moved = scope.create(changed, like.getShape());
            return Scalars.toDouble(function.apply(moved));
        }
    }
}
