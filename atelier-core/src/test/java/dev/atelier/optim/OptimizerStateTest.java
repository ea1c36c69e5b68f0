package dev.atelier.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An optimizer saved between iterations and resumed takes the steps it would have taken without the
 * stop: the same values, step for step, and not a fresh start's (which is what a resume used to do).
 */
class OptimizerStateTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray start() {
        return manager.create(new float[] {-1.2f, 1, -1.2f, 1, 0.5f, -0.3f, 0.8f, -0.9f});
    }

    private static Lbfgs<Void> lbfgs(NDManager manager) {
        return new Lbfgs<>(OptimizersTest.autograd(OptimizersTest::rosenbrock),
                Lbfgs.Settings.defaults().withHistorySize(4), manager);
    }

    private static Adam<Void> adam(NDManager manager) {
        return new Adam<>(OptimizersTest.autograd(OptimizersTest::rosenbrock), 0.05, null, manager);
    }

    /** The values of {@code after} more steps. */
    private static List<Double> steps(Optimizer<Void> optimizer, int after) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < after; i++) {
            values.add(optimizer.step().value());
        }
        return values;
    }

    private void resumesOnTheSameCurve(Function<NDManager, Optimizer<Void>> make, int before, int after) {
        List<Double> uninterrupted;
        float[] stoppedAt;
        OptimizerState saved;
        try (Optimizer<Void> optimizer = make.apply(manager)) {
            optimizer.start(start());
            steps(optimizer, before);
            saved = optimizer.state();
            stoppedAt = optimizer.point().toFloatArray();
            uninterrupted = steps(optimizer, after);
        }
        List<Double> resumed;
        List<Double> fresh;
        try (Optimizer<Void> optimizer = make.apply(manager)) {
            optimizer.resume(manager.create(stoppedAt), saved);
            resumed = steps(optimizer, after);
        }
        try (Optimizer<Void> optimizer = make.apply(manager)) {
            optimizer.start(manager.create(stoppedAt));
            fresh = steps(optimizer, after);
        }
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
        assertThat(fresh).as("a fresh start from the same point takes other steps").isNotEqualTo(uninterrupted);
    }

    @Test
    void lbfgsResumesWithItsCurvaturePairsAndLastStep() {
        resumesOnTheSameCurve(OptimizerStateTest::lbfgs, 6, 5);
    }

    @Test
    void adamResumesWithItsMoments() {
        resumesOnTheSameCurve(OptimizerStateTest::adam, 10, 5);
    }

    @Test
    void theStateHoldsWhatItSaysAndNoOtherOptimizerTakesIt() {
        try (Lbfgs<Void> optimizer = lbfgs(manager)) {
            optimizer.start(start());
            steps(optimizer, 8);
            OptimizerState state = optimizer.state();
            assertThat(state.kind()).isEqualTo("lbfgs");
            int pairs = state.numbers().get("pairs").intValue();
            assertThat(pairs).isBetween(1, 4);
            // direction, previous gradient, and two arrays of eight values per pair
            assertThat(state.arrays()).hasSize(2 + 2 * pairs);
            assertThat(state.arrayBytes()).isEqualTo((2 + 2L * pairs) * 8 * Float.BYTES)
                    .isEqualTo(optimizer.stateBytes());
            try (Adam<Void> other = adam(manager)) {
                assertThatThrownBy(() -> other.resume(start(), state)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("lbfgs");
            }
        }
    }
}
