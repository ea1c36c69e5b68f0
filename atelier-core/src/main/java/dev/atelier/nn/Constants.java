package dev.atelier.nn;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a Java number that is safe under autograd.
 *
 * <p>DJL's {@code x.mul(2.0)} (and {@code div}, {@code maximum}, {@code pow} with a number) wraps the
 * number in a tensor that borrows a Java direct buffer, and closes it right after the operation. The
 * autograd graph keeps that tensor for the backward pass, but once its Java wrapper is gone the
 * garbage collector may free the buffer: the backward pass then reads freed memory. We saw gradients
 * come out all zero, or differ between identical runs, about once in a few hundred evaluations.
 * Here the number becomes a tensor that owns its memory, so the graph can keep it safely.
 */
public final class Constants {
    private Constants() {}

    /** A scalar tensor of {@code like}'s type and manager that owns its memory. */
    public static NDArray scalar(NDArray like, double value) {
        try (NDArray borrowed = like.getManager().create(value)) {
            return borrowed.toType(like.getDataType(), true);
        }
    }

    /** A tensor of {@code like}'s type and manager holding {@code values}, owning its memory. */
    public static NDArray vector(NDArray like, float[] values) {
        try (NDArray borrowed = like.getManager().create(values)) {
            return borrowed.toType(like.getDataType(), true);
        }
    }

    /** {@code x · factor}. */
    public static NDArray times(NDArray x, double factor) {
        return x.mul(scalar(x, factor));
    }

    /** {@code x / divisor}. */
    public static NDArray dividedBy(NDArray x, double divisor) {
        return x.div(scalar(x, divisor));
    }

    /** {@code x + term}. */
    public static NDArray plus(NDArray x, double term) {
        return x.add(scalar(x, term));
    }
}
