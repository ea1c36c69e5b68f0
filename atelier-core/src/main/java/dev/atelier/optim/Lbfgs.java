package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Limited-memory BFGS (Liu and Nocedal 1989) over one array, with a strong-Wolfe line search, as
 * jcjohnson/neural-style and the documents use for Gatys et al.'s method: it typically reaches a
 * given loss in far fewer evaluations than Adam. DJL has no L-BFGS; this follows the structure of
 * PyTorch's {@code torch.optim.LBFGS} (two-loop recursion, initial step {@code min(1, 1/|g|₁)}, stop
 * tests on gradient, step and value change).
 *
 * @param <D> detail reported with each value
 */
public final class Lbfgs<D> implements Optimizer<D> {
    private static final String KIND = "lbfgs";

    /** Tuning knobs; {@link #defaults()} are PyTorch's except the history, which jcjohnson sets to 100. */
    public record Settings(int historySize, double learningRate, double gradientTolerance,
            double changeTolerance, int maxLineSearchEvaluations) {
        public Settings {
            if (historySize < 1) {
                throw new IllegalArgumentException("L-BFGS history size must be at least 1, got " + historySize);
            }
        }

        public static Settings defaults() {
            return new Settings(100, 1.0, 1e-7, 1e-9, 25);
        }

        public Settings withHistorySize(int size) {
            return new Settings(size, learningRate, gradientTolerance, changeTolerance, maxLineSearchEvaluations);
        }
    }

    private final DifferentiableFunction<D> function;
    private final Settings settings;
    private final NDManager state;
    private final Deque<Correction> history = new ArrayDeque<>();
    private NDArray point;
    private NDArray gradient;
    private NDArray previousGradient;
    private NDArray direction;
    private double stepLength;
    private double value;
    private D detail;
    private double hessianScale = 1;
    private int iterations;
    private int evaluations;
    private boolean converged;

    /** One curvature pair: the step {@code s}, the gradient change {@code y} and {@code 1 / yᵀs}. */
    private record Correction(NDArray step, NDArray gradientChange, double inverseCurvature) {}

    public Lbfgs(DifferentiableFunction<D> function, Settings settings, NDManager parent) {
        this.function = function;
        this.settings = settings;
        this.state = parent.newSubManager();
    }

    @Override
    public FunctionValue<D> start(NDArray initialPoint) {
        point = initialPoint.duplicate();
        point.attach(state);
        try (StepScope scope = new StepScope(state, List.of(point))) {
            FunctionValue<D> initial = function.evaluate(point, scope.manager());
            evaluations++;
            gradient = scope.keep(initial.gradient());
            value = initial.value();
            detail = initial.detail();
            converged = maxAbs(gradient) <= settings.gradientTolerance();
            return new FunctionValue<>(value, gradient, initial.detail());
        }
    }

    @Override
    public FunctionValue<D> resume(NDArray initialPoint, OptimizerState saved) {
        saved.requireKind(KIND);
        FunctionValue<D> value = start(initialPoint);
        iterations = (int) saved.number("iterations");
        stepLength = saved.number("step_length");
        hessianScale = saved.number("hessian_scale");
        converged = converged || saved.number("converged") != 0;
        if (saved.arrays().containsKey("direction")) {
            direction = saved.restore("direction", point, state);
        }
        if (saved.arrays().containsKey("previous_gradient")) {
            previousGradient = saved.restore("previous_gradient", point, state);
        }
        int pairs = (int) saved.number("pairs");
        for (int i = 0; i < pairs; i++) {
            history.addLast(new Correction(saved.restore("step_" + i, point, state),
                    saved.restore("gradient_change_" + i, point, state), saved.number("inverse_curvature_" + i)));
        }
        return value;
    }

    @Override
    public long stateBytes() {
        int arrays = 2 * history.size() + (direction != null ? 1 : 0) + (previousGradient != null ? 1 : 0);
        return (long) arrays * point.size() * Float.BYTES;
    }

    @Override
    public OptimizerState state() {
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, float[]> arrays = new LinkedHashMap<>();
        numbers.put("iterations", (double) iterations);
        numbers.put("step_length", stepLength);
        numbers.put("hessian_scale", hessianScale);
        numbers.put("converged", converged ? 1.0 : 0.0);
        numbers.put("pairs", (double) history.size());
        if (direction != null) {
            arrays.put("direction", OptimizerState.values(direction));
        }
        if (previousGradient != null) {
            arrays.put("previous_gradient", OptimizerState.values(previousGradient));
        }
        int i = 0;
        for (Correction correction : history) {
            numbers.put("inverse_curvature_" + i, correction.inverseCurvature());
            arrays.put("step_" + i, OptimizerState.values(correction.step()));
            arrays.put("gradient_change_" + i, OptimizerState.values(correction.gradientChange()));
            i++;
        }
        return new OptimizerState(KIND, numbers, arrays);
    }

    @Override
    public FunctionValue<D> step() {
        iterations++;
        try (StepScope scope = new StepScope(state, stateArrays())) {
            if (iterations == 1) {
                direction = scope.keep(gradient.neg());
            } else {
                remember(scope);
                NDArray newDirection = scope.keep(twoLoopDirection());
                direction.close();
                direction = newDirection;
            }
            if (previousGradient != null) {
                previousGradient.close();
            }
            previousGradient = scope.keep(gradient.duplicate());
            double previousValue = value;
            boolean steepestDescent = iterations == 1;
            double slope = dot(gradient, direction);
            if (slope > -settings.changeTolerance() && !history.isEmpty()) {
                // Rounding in float32 can spoil the curvature memory until its direction stops going
                // downhill. PyTorch's L-BFGS stops here; restarting from steepest descent keeps going.
                clearHistory();
                NDArray steepest = scope.keep(gradient.neg());
                direction.close();
                direction = steepest;
                slope = dot(gradient, direction);
                steepestDescent = true;
            }
            if (slope > -settings.changeTolerance()) {
                converged = true; // the gradient itself vanished: nothing left to gain
                return new FunctionValue<>(value, gradient, detail);
            }
            // Without curvature information the gradient's scale says nothing about a good step: start small.
            double initialStep = steepestDescent
                    ? Math.min(1, 1 / Scalars.toDouble(gradient.abs().sum())) * settings.learningRate()
                    : settings.learningRate();
            StrongWolfeLineSearch<D> search = new StrongWolfeLineSearch<>(function, scope.manager(),
                    settings.changeTolerance(), settings.maxLineSearchEvaluations());
            StrongWolfeLineSearch.Trial<D> accepted = search.search(point, direction, value, gradient, slope,
                    initialStep);
            evaluations += search.evaluations();
            stepLength = accepted.step();
            NDArray newPoint = scope.keep(point.add(direction.mul(stepLength)));
            point.close();
            point = newPoint;
            NDArray newGradient = scope.keep(accepted.gradient().duplicate());
            gradient.close();
            gradient = newGradient;
            value = accepted.value();
            if (accepted.detail() != null) {
                detail = accepted.detail();
            }
            converged = maxAbs(gradient) <= settings.gradientTolerance()
                    || maxAbs(direction) * Math.abs(stepLength) <= settings.changeTolerance()
                    || Math.abs(value - previousValue) < settings.changeTolerance();
            return new FunctionValue<>(value, gradient, detail);
        }
    }

    private List<NDArray> stateArrays() {
        List<NDArray> arrays = new ArrayList<>();
        arrays.add(point);
        arrays.add(gradient);
        if (direction != null) {
            arrays.add(direction);
        }
        if (previousGradient != null) {
            arrays.add(previousGradient);
        }
        for (Correction correction : history) {
            arrays.add(correction.step());
            arrays.add(correction.gradientChange());
        }
        return arrays;
    }

    private void clearHistory() {
        for (Correction correction : history) {
            correction.step().close();
            correction.gradientChange().close();
        }
        history.clear();
        hessianScale = 1;
    }

    /** Adds the last step's curvature pair to the history when it keeps the Hessian estimate positive. */
    private void remember(StepScope scope) {
        NDArray gradientChange = gradient.sub(previousGradient);
        NDArray step = direction.mul(stepLength);
        double curvature = dot(gradientChange, step);
        if (curvature > 1e-10) {
            if (history.size() == settings.historySize()) {
                Correction oldest = history.removeFirst();
                oldest.step().close();
                oldest.gradientChange().close();
            }
            history.addLast(new Correction(scope.keep(step), scope.keep(gradientChange), 1 / curvature));
            hessianScale = curvature / dot(gradientChange, gradientChange);
        }
    }

    /** The two-loop recursion: {@code -H·g} with H the limited-memory inverse Hessian estimate. */
    private NDArray twoLoopDirection() {
        int size = history.size();
        double[] alphas = new double[size];
        NDArray q = gradient.neg();
        Iterator<Correction> newestFirst = history.descendingIterator();
        for (int i = size - 1; i >= 0; i--) {
            Correction correction = newestFirst.next();
            alphas[i] = dot(correction.step(), q) * correction.inverseCurvature();
            q.subi(correction.gradientChange().mul(alphas[i]));
        }
        NDArray r = q.muli(hessianScale);
        int i = 0;
        for (Correction correction : history) {
            double beta = dot(correction.gradientChange(), r) * correction.inverseCurvature();
            r.addi(correction.step().mul(alphas[i] - beta));
            i++;
        }
        return r;
    }

    static double dot(NDArray a, NDArray b) {
        return Scalars.toDouble(a.mul(b).sum());
    }

    static double maxAbs(NDArray array) {
        return Scalars.toDouble(array.abs().max());
    }

    @Override
    public NDArray point() {
        return point;
    }

    @Override
    public int evaluations() {
        return evaluations;
    }

    @Override
    public boolean converged() {
        return converged;
    }

    @Override
    public void close() {
        state.close();
    }
}
