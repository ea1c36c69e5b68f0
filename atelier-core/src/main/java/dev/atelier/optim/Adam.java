package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Adam over a single array (Kingma and Ba 2015), evaluating the function once per step. An optional
 * projection keeps the point feasible after each update: for images, pixels stay in range.
 *
 * @param <D> detail reported with each value
 */
public final class Adam<D> implements Optimizer<D> {
    private static final String KIND = "adam";
    private final DifferentiableFunction<D> function;
    private final UnaryOperator<NDArray> projection;
    private final NDManager state;
    private final AdamRule rule;
    private NDArray point;
    private NDArray gradient;
    private int evaluations;

    /**
     * @param projection maps an updated point to the nearest feasible one (its result is attached to
     *     the input's manager), or {@code null} for none
     */
    public Adam(DifferentiableFunction<D> function, double learningRate, UnaryOperator<NDArray> projection,
            NDManager parent) {
        this.function = function;
        this.projection = projection;
        this.state = parent.newSubManager();
        this.rule = new AdamRule(learningRate, state);
    }

    @Override
    public FunctionValue<D> start(NDArray initialPoint) {
        point = initialPoint.duplicate();
        point.attach(state);
        return evaluate();
    }

    @Override
    public FunctionValue<D> resume(NDArray initialPoint, OptimizerState saved) {
        saved.requireKind(KIND);
        FunctionValue<D> value = start(initialPoint);
        long steps = (long) saved.number("steps");
        if (steps > 0) {
            try (NDManager scope = state.newSubManager()) {
                rule.restore(List.of(saved.restore("first_moment", point, scope)),
                        List.of(saved.restore("second_moment", point, scope)), steps);
            }
        }
        return value;
    }

    @Override
    public long stateBytes() {
        return rule.steps() > 0 ? 2 * point.size() * Float.BYTES : 0;
    }

    @Override
    public OptimizerState state() {
        AdamRule.Moments moments = rule.moments();
        Map<String, float[]> arrays = new LinkedHashMap<>();
        if (!moments.first().isEmpty()) {
            arrays.put("first_moment", OptimizerState.values(moments.first().get(0)));
            arrays.put("second_moment", OptimizerState.values(moments.second().get(0)));
        }
        return new OptimizerState(KIND, Map.of("steps", (double) moments.steps()), arrays);
    }

    @Override
    public FunctionValue<D> step() {
        rule.update(List.of(point), List.of(gradient));
        if (projection != null) {
            try (StepScope scope = new StepScope(state, List.of(point))) {
                NDArray projected = scope.keep(projection.apply(point));
                point.close();
                point = projected;
            }
        }
        return evaluate();
    }

    private FunctionValue<D> evaluate() {
        try (StepScope scope = new StepScope(state, List.of(point))) {
            FunctionValue<D> value = function.evaluate(point, scope.manager());
            if (gradient != null) {
                gradient.close();
            }
            gradient = scope.keep(value.gradient());
            evaluations++;
            return new FunctionValue<>(value.value(), gradient, value.detail());
        }
    }

    @Override
    public NDArray point() {
        return point;
    }

    @Override
    public int evaluations() {
        return evaluations;
    }

    /** Adam has no stopping test of its own; it runs for as many steps as it is given. */
    @Override
    public boolean converged() {
        return false;
    }

    @Override
    public void close() {
        state.close();
    }
}
