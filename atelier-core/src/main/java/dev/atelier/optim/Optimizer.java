package dev.atelier.optim;

import ai.djl.ndarray.NDArray;

/**
 * An iterative minimiser of a {@link DifferentiableFunction} over one NDArray. Call {@link #start}
 * once, then {@link #step} until done; each returns the value at the optimizer's current point.
 * Owns its state's native memory: close it when done.
 *
 * @param <D> detail reported with each value
 */
public interface Optimizer<D> extends AutoCloseable {

    /** Takes a copy of the starting point and evaluates the function there. */
    FunctionValue<D> start(NDArray initialPoint);

    /**
     * Continues from a saved state instead of {@link #start}: takes a copy of {@code point} (where the
     * saved optimizer stood), evaluates the function there and restores the rest, so the following
     * steps are those the uninterrupted run would have taken.
     *
     * @throws IllegalArgumentException when the state is another optimizer's or does not fit the point
     */
    FunctionValue<D> resume(NDArray point, OptimizerState state);

    /** The state to save now, between iterations, for {@link #resume}. */
    OptimizerState state();

    /** What {@link #state()} would hold in arrays, in bytes, without copying anything. */
    long stateBytes();

    /** One iteration; returns the value at the new current point. */
    FunctionValue<D> step();

    /** The current point, owned by the optimizer (copy it to keep it past the next step). */
    NDArray point();

    /** Function evaluations so far, including the one {@link #start} made. */
    int evaluations();

    /**
     * Whether the optimizer has stopped making progress by its own tolerances; further steps would
     * change nothing.
     */
    boolean converged();

    @Override
    void close();
}
