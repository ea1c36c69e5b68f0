package dev.atelier.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.NonFiniteLossException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** L-BFGS and Adam on functions whose minima are known. */
class OptimizersTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Wraps an NDArray expression as a function with an autograd gradient. */
    static DifferentiableFunction<Void> autograd(Function<NDArray, NDArray> expression) {
        return (point, scope) -> {
            try (NDManager evaluation = scope.newSubManager()) {
                NDArray leaf = point.duplicate();
                leaf.attach(evaluation);
                leaf.setRequiresGradient(true);
                double value;
                try (GradientCollector collector = evaluation.getEngine().newGradientCollector()) {
                    NDArray result = expression.apply(leaf);
                    value = Scalars.toDouble(result);
                    collector.backward(result);
                }
                NDArray gradient = leaf.getGradient().duplicate();
                gradient.attach(scope);
                return new FunctionValue<>(value, gradient, null);
            }
        };
    }

    /** Rosenbrock's banana in n dimensions: minimum 0 at (1, ..., 1), a classic hard valley. */
    static NDArray rosenbrock(NDArray x) {
        long n = x.size();
        NDArray head = x.get("0:" + (n - 1));
        NDArray tail = x.get("1:");
        return tail.sub(head.square()).square().mul(100).add(head.sub(1).square()).sum();
    }

    @Test
    void lbfgsFindsTheMinimumOfRosenbrock() {
        NDArray start = manager.create(new double[] {-1.2, 1, -1.2, 1, 0.5, -0.3});
        try (Lbfgs<Void> optimizer = new Lbfgs<>(autograd(OptimizersTest::rosenbrock),
                Lbfgs.Settings.defaults().withHistorySize(10), manager)) {
            optimizer.start(start);
            for (int i = 0; i < 200 && !optimizer.converged(); i++) {
                optimizer.step();
            }
            for (double coordinate : optimizer.point().toDoubleArray()) {
                assertThat(coordinate).isCloseTo(1, within(1e-4));
            }
            assertThat(optimizer.converged()).isTrue();
        }
    }

    @Test
    void lbfgsSolvesAnIllConditionedQuadraticInFewIterations() {
        // f(x) = Σ c_i (x_i - i)², condition number 1000: minimum at x_i = i.
        double[] curvature = {1, 10, 100, 1000, 3, 30};
        NDArray weights = manager.create(curvature);
        NDArray centre = manager.arange(0, 6, 1, DataType.FLOAT64);
        try (Lbfgs<Void> optimizer = new Lbfgs<>(autograd(x -> x.sub(centre).square().mul(weights).sum()),
                Lbfgs.Settings.defaults(), manager)) {
            optimizer.start(manager.zeros(new Shape(6), DataType.FLOAT64));
            int steps = 0;
            while (!optimizer.converged() && steps < 50) {
                optimizer.step();
                steps++;
            }
            double[] point = optimizer.point().toDoubleArray();
            for (int i = 0; i < point.length; i++) {
                // Stops once the value changes by less than 1e-9: about 1e-5 from the minimum here.
                assertThat(point[i]).isCloseTo(i, within(1e-4));
            }
            assertThat(steps).isLessThan(30);
        }
    }

    /**
     * A trial step so long that the loss overflows (the objective throws, as the perceptual loss does)
     * is shortened, not fatal: here the first trial lands far outside the region where the function
     * is finite, and L-BFGS still finds the minimum.
     */
    @Test
    void lbfgsShortensATrialStepWhoseLossOverflows() {
        AtomicInteger overflows = new AtomicInteger();
        DifferentiableFunction<Void> bowl = autograd(x -> x.sub(1).square().sum());
        DifferentiableFunction<Void> overflowing = (point, scope) -> {
            if (Lbfgs.maxAbs(point) > 3) {
                overflows.incrementAndGet();
                throw new NonFiniteLossException("the loss is not a finite number");
            }
            return bowl.evaluate(point, scope);
        };
        // A first step 50 times the usual one: from (-2, 2) it reaches about (35, -10).
        Lbfgs.Settings settings = new Lbfgs.Settings(10, 50, 1e-7, 1e-9, 25);
        try (Lbfgs<Void> optimizer = new Lbfgs<>(overflowing, settings, manager)) {
            optimizer.start(manager.create(new double[] {-2, 2}));
            for (int i = 0; i < 50 && !optimizer.converged(); i++) {
                optimizer.step();
            }
            assertThat(overflows.get()).as("trial steps that overflowed").isPositive();
            for (double coordinate : optimizer.point().toDoubleArray()) {
                assertThat(coordinate).isCloseTo(1, within(1e-4));
            }
        }
    }

    @Test
    void lbfgsValuesNeverIncrease() {
        try (Lbfgs<Void> optimizer = new Lbfgs<>(autograd(OptimizersTest::rosenbrock), Lbfgs.Settings.defaults(),
                manager)) {
            double previous = optimizer.start(manager.create(new double[] {-1.5, 2, 0.3})).value();
            for (int i = 0; i < 40 && !optimizer.converged(); i++) {
                double value = optimizer.step().value();
                assertThat(value).isLessThanOrEqualTo(previous);
                previous = value;
            }
        }
    }

    @Test
    void adamFindsTheMinimumOfAQuadratic() {
        NDArray centre = manager.create(new double[] {3, -2, 0.5});
        try (Adam<Void> optimizer = new Adam<>(autograd(x -> x.sub(centre).square().sum()), 0.1, null, manager)) {
            optimizer.start(manager.zeros(new Shape(3), DataType.FLOAT64));
            for (int i = 0; i < 1500; i++) {
                optimizer.step();
            }
            assertThat(optimizer.point().toDoubleArray()).containsExactly(new double[] {3, -2, 0.5}, within(1e-3));
            assertThat(optimizer.evaluations()).isEqualTo(1501);
        }
    }

    @Test
    void adamFirstStepMovesEachCoordinateByTheLearningRate() {
        // With bias correction, the first update is lr · g/|g| per coordinate (Kingma and Ba, sec. 2.1).
        NDArray centre = manager.create(new double[] {3, -2, 0.5});
        try (Adam<Void> optimizer = new Adam<>(autograd(x -> x.sub(centre).square().sum()), 0.01, null, manager)) {
            optimizer.start(manager.zeros(new Shape(3), DataType.FLOAT64));
            optimizer.step();
            assertThat(optimizer.point().toDoubleArray()).containsExactly(new double[] {0.01, -0.01, 0.01},
                    within(1e-7));
        }
    }

    @Test
    void adamProjectionKeepsThePointFeasible() {
        NDArray centre = manager.create(new double[] {3, -2});
        try (Adam<Void> optimizer = new Adam<>(autograd(x -> x.sub(centre).square().sum()), 0.5,
                x -> x.clip(-1, 1), manager)) {
            optimizer.start(manager.zeros(new Shape(2), DataType.FLOAT64));
            for (int i = 0; i < 100; i++) {
                optimizer.step();
            }
            assertThat(optimizer.point().toDoubleArray()).containsExactly(new double[] {1, -1}, within(1e-9));
        }
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(t) = (t - 2)² + 1 is its own cubic model: minimum at 2 from values and slopes at 0 and 3.
        var first = new StrongWolfeLineSearch.Trial<Void>(0, 5, null, -4, null);
        var second = new StrongWolfeLineSearch.Trial<Void>(3, 2, null, 2, null);
        assertThat(StrongWolfeLineSearch.cubicMinimum(first, second, 0, 3)).isCloseTo(2, within(1e-12));
        assertThat(StrongWolfeLineSearch.cubicMinimum(first, second, 0, 1.5)).isEqualTo(1.5);
    }
}
