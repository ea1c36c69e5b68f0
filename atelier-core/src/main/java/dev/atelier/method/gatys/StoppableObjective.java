package dev.atelier.method.gatys;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.optim.DifferentiableFunction;
import dev.atelier.optim.FunctionValue;

/**
 * An objective that refuses to be evaluated once a stop is requested, so that a stop takes effect
 * before the next network evaluation rather than after the iteration: an L-BFGS iteration may
 * evaluate up to 25 times in its line search, which is minutes at 2048 px. The optimiser's step is
 * abandoned by {@link Stopped}; its point is still the last iterate.
 *
 * @param <D> detail reported with each value
 */
final class StoppableObjective<D> implements DifferentiableFunction<D> {
    private final DifferentiableFunction<D> objective;
    private final Cancellation cancellation;

    StoppableObjective(DifferentiableFunction<D> objective, Cancellation cancellation) {
        this.objective = objective;
        this.cancellation = cancellation;
    }

    @Override
    public FunctionValue<D> evaluate(NDArray point, NDManager scope) {
        if (cancellation.isRequested()) {
            throw new Stopped();
        }
        return objective.evaluate(point, scope);
    }

    /** A stop requested in the middle of an optimiser's step. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }
}
