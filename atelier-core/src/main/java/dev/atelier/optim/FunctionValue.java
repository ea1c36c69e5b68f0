package dev.atelier.optim;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable function's value and gradient at one point, plus whatever detail the function
 * wants to report with it (for style transfer, the separate loss terms).
 *
 * @param <D> the detail's type
 */
public record FunctionValue<D>(double value, NDArray gradient, D detail) {}
