package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.NonFiniteLossException;

/**
 * Line search along a descent direction for a step satisfying the strong Wolfe conditions
 * (Nocedal and Wright, Numerical Optimization, algorithms 3.5 and 3.6): sufficient decrease
 * ({@code c1 = 1e-4}) and a flattened slope ({@code c2 = 0.9}), bracketing then zooming with cubic
 * interpolation. Same structure and constants as minFunc and PyTorch's L-BFGS.
 *
 * <p>All trial points and gradients are attached to the scope it is given.
 */
final class StrongWolfeLineSearch<D> {
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final double CURVATURE = 0.9;

    private final DifferentiableFunction<D> function;
    private final NDManager scope;
    private final double changeTolerance;
    private final int maxEvaluations;
    private int evaluations;

    /** A step length tried, with the function's value, gradient and slope along the direction there. */
    record Trial<D>(double step, double value, NDArray gradient, double slope, D detail) {}

    StrongWolfeLineSearch(DifferentiableFunction<D> function, NDManager scope, double changeTolerance,
            int maxEvaluations) {
        this.function = function;
        this.scope = scope;
        this.changeTolerance = changeTolerance;
        this.maxEvaluations = maxEvaluations;
    }

    int evaluations() {
        return evaluations;
    }

    /**
     * @param origin the current point; {@code value}, {@code gradient} and {@code slope} are there
     * @param initialStep first step length tried
     */
    Trial<D> search(NDArray origin, NDArray direction, double value, NDArray gradient, double slope,
            double initialStep) {
        double directionScale = Lbfgs.maxAbs(direction);
        Trial<D> start = new Trial<>(0, value, gradient, slope, null);
        Trial<D> previous = start;
        Trial<D> current = evaluate(origin, direction, initialStep);
        Trial<D> low;
        Trial<D> high;
        int tries = 0;
        while (true) {
            if (current.value() > value + SUFFICIENT_DECREASE * current.step() * slope
                    || (tries > 1 && current.value() >= previous.value())) {
                low = previous;
                high = current;
                break;
            }
            if (Math.abs(current.slope()) <= -CURVATURE * slope) {
                return current;
            }
            if (current.slope() >= 0) {
                low = current;
                high = previous;
                break;
            }
            if (tries + 1 >= maxEvaluations) {
                // Out of budget while still descending: take the furthest point reached.
                return current;
            }
            double minimumStep = current.step() + 0.01 * (current.step() - previous.step());
            double maximumStep = current.step() * 10;
            double next = cubicMinimum(previous, current, minimumStep, maximumStep);
            previous = current;
            current = evaluate(origin, direction, next);
            tries++;
        }
        // Zoom: [low, high] brackets a point satisfying both conditions; low has the lower value.
        if (low.value() > high.value()) {
            Trial<D> swap = low;
            low = high;
            high = swap;
        }
        boolean insufficientProgress = false;
        while (evaluations < maxEvaluations) {
            if (Math.abs(high.step() - low.step()) * directionScale < changeTolerance) {
                break;
            }
            double left = Math.min(low.step(), high.step());
            double right = Math.max(low.step(), high.step());
            double next = cubicMinimum(low, high, left, right);
            double margin = 0.1 * (right - left);
            if (Math.min(right - next, next - left) < margin) {
                // Too close to an end of the bracket: move inwards, unless the last try made progress.
                if (insufficientProgress || next >= right || next <= left) {
                    next = Math.abs(next - right) < Math.abs(next - left) ? right - margin : left + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            Trial<D> trial = evaluate(origin, direction, next);
            if (trial.value() > value + SUFFICIENT_DECREASE * trial.step() * slope || trial.value() >= low.value()) {
                high = trial;
                if (low.value() > high.value()) {
                    Trial<D> swap = low;
                    low = high;
                    high = swap;
                }
            } else {
                if (Math.abs(trial.slope()) <= -CURVATURE * slope) {
                    return trial;
                }
                if (trial.slope() * (high.step() - low.step()) >= 0) {
                    high = low;
                }
                low = trial;
            }
        }
        // May be the origin itself (step 0) when no tried step improved: the caller then sees no progress.
        return low;
    }

    private Trial<D> evaluate(NDArray origin, NDArray direction, double step) {
        NDArray trialPoint = origin.add(direction.mul(step));
        FunctionValue<D> result;
        try {
            result = function.evaluate(trialPoint, scope);
        } catch (NonFiniteLossException overflow) {
            result = null;
        } finally {
            trialPoint.close();
        }
        evaluations++;
        if (result == null || !Double.isFinite(result.value())) {
            // Departure from Nocedal and Wright, as minFunc does it: a trial so far out that the loss
            // overflows (or its gradient does) is a step too long, not a failed run. Its value counts as
            // infinite, so it closes the bracket and the zoom bisects back towards the last good step; it
            // is never returned. Seen on a random VGG at 32 px: one of L-BFGS's trial steps overflowed
            // at iteration 263 and ended the run, where the next shorter step was fine.
            return new Trial<>(step, Double.POSITIVE_INFINITY, null, Double.NaN, null);
        }
        return new Trial<>(step, result.value(), result.gradient(), Lbfgs.dot(result.gradient(), direction),
                result.detail());
    }

    /**
     * Minimiser of the cubic matching values and slopes at two steps, clamped to
     * {@code [lowerBound, upperBound]}; the bound's midpoint when the cubic has no minimum.
     */
    static double cubicMinimum(Trial<?> first, Trial<?> second, double lowerBound, double upperBound) {
        double x1 = first.step();
        double x2 = second.step();
        double d1 = first.slope() + second.slope() - 3 * (first.value() - second.value()) / (x1 - x2);
        double discriminant = d1 * d1 - first.slope() * second.slope();
        if (discriminant < 0 || !Double.isFinite(discriminant)) {
            return (lowerBound + upperBound) / 2;
        }
        double d2 = Math.sqrt(discriminant);
        double minimum = x1 <= x2
                ? x2 - (x2 - x1) * ((second.slope() + d2 - d1) / (second.slope() - first.slope() + 2 * d2))
                : x1 - (x1 - x2) * ((first.slope() + d2 - d1) / (first.slope() - second.slope() + 2 * d2));
        if (!Double.isFinite(minimum)) {
            return (lowerBound + upperBound) / 2;
        }
        return Math.min(Math.max(minimum, lowerBound), upperBound);
    }
}
