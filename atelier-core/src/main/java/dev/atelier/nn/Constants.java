package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a Java number that is safe under autograd.
 *
 * <p>DJL's {@code x.mul(2.0)} (and {@code div}, {@code maximum}, {@code pow} with a number) wraps the
 * number in a tensor that borrows a Java direct buffer, and closes it right after the operation. The
 * autograd graph keeps that tensor for the backward pass, but once its Java wrapper is gone the
 * garbage collector may free the buffer: the backward pass then reads freed memory. We saw gradients
 * come out all zero, or differ between identical runs, about once in a few hundred evaluations.
 * Here the number becomes a tensor that owns its memory ({@link HostArrays}), so the graph can keep
 * it safely.
 *
 * <p>Not {@code create(value).toType(type, true)}, as this class once did: DJL's PyTorch engine
 * ignores the copy flag ({@code Tensor.to} without {@code copy}), so for the same type the result is
 * the borrowed tensor itself, and closing the borrowed wrapper left every constant of a loss in a
 * buffer the next collection freed. A training run under frequent collections got all-NaN gradients
 * at its first step (MultiStyleTrainingTest's resumed run failed "NaN at step 3" about once in six
 * full suites).
 */
public final class Constants {
    private Constants() {}

    /** A scalar tensor of {@code like}'s type and manager that owns its memory. */
    public static NDArray scalar(NDArray like, double value) {
        if (like.getDataType() == DataType.FLOAT32) {
            // (float) rounds to nearest, as the engine's double-to-float conversion does.
            return HostArrays.of(like.getManager(), new float[] {(float) value}, new Shape());
        }
        return as(like, HostArrays.of(like.getManager(), new double[] {value}, new Shape()));
    }

    /** A tensor of {@code like}'s type and manager holding {@code values}, owning its memory. */
    public static NDArray vector(NDArray like, float[] values) {
        return as(like, HostArrays.of(like.getManager(), values, new Shape(values.length)));
    }

    /** {@code owned} in {@code like}'s type: itself, or a converted copy (another type is new memory). */
    private static NDArray as(NDArray like, NDArray owned) {
        if (owned.getDataType() == like.getDataType()) {
            return owned;
        }
        NDArray converted = owned.toType(like.getDataType(), false);
        owned.close();
        return converted;
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
