package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What an optimizer minimises.
 *
 * @param <D> detail reported with each value
 */
@FunctionalInterface
public interface DifferentiableFunction<D> {

    /**
     * Value and gradient at {@code point}. The gradient is attached to {@code scope}; everything else
     * the evaluation allocated is freed before returning.
     */
    FunctionValue<D> evaluate(NDArray point, NDManager scope);
}
