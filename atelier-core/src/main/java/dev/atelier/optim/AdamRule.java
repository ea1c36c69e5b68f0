package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The Adam update (Kingma and Ba 2015) applied in place to a list of arrays: image pixels when
 * optimising a picture, network weights when training one. Keeps the first and second moment
 * estimates; {@link #moments()} and {@link #restore} let training checkpoints resume exactly.
 */
public final class AdamRule implements AutoCloseable {
    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double learningRate;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long steps;

    public AdamRule(double learningRate, double beta1, double beta2, double epsilon, NDManager parent) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.state = parent.newSubManager();
    }

    /** Adam with the paper's defaults: β1 0.9, β2 0.999, ε 1e-8. */
    public AdamRule(double learningRate, NDManager parent) {
        this(learningRate, 0.9, 0.999, 1e-8, parent);
    }

    public double learningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /** Updates taken so far. */
    public long steps() {
        return steps;
    }

    /** One update of every parameter from its gradient; parameters change in place. */
    public void update(List<NDArray> parameters, List<NDArray> gradients) {
        if (parameters.size() != gradients.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameters but " + gradients.size() + " gradients");
        }
        if (firstMoments.isEmpty()) {
            for (NDArray parameter : parameters) {
                firstMoments.add(state.zeros(parameter.getShape(), parameter.getDataType()));
                secondMoments.add(state.zeros(parameter.getShape(), parameter.getDataType()));
            }
        }
        steps++;
        double firstCorrection = 1 - Math.pow(beta1, steps);
        double secondCorrection = 1 - Math.pow(beta2, steps);
        // Folding both bias corrections into the step size is the paper's "more efficient" form.
        double stepSize = learningRate * Math.sqrt(secondCorrection) / firstCorrection;
        double scaledEpsilon = epsilon * Math.sqrt(secondCorrection);
        List<NDArray> adopted = new ArrayList<>(gradients);
        adopted.addAll(parameters);
        adopted.addAll(firstMoments);
        adopted.addAll(secondMoments);
        try (StepScope scope = new StepScope(state, adopted)) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray gradient = gradients.get(i);
                NDArray first = firstMoments.get(i);
                NDArray second = secondMoments.get(i);
                first.muli(beta1).addi(gradient.mul(1 - beta1));
                second.muli(beta2).addi(gradient.square().muli(1 - beta2));
                parameters.get(i).subi(first.div(second.sqrt().addi(scaledEpsilon)).muli(stepSize));
            }
        }
    }

    /** First then second moments of every parameter, in parameter order, and the step count. */
    public Moments moments() {
        return new Moments(List.copyOf(firstMoments), List.copyOf(secondMoments), steps);
    }

    /** Replaces the moments with copies of saved ones, to resume training where it stopped. */
    public void restore(List<NDArray> first, List<NDArray> second, long savedSteps) {
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        for (NDArray moment : first) {
            NDArray copy = moment.duplicate();
            copy.attach(state);
            firstMoments.add(copy);
        }
        for (NDArray moment : second) {
            NDArray copy = moment.duplicate();
            copy.attach(state);
            secondMoments.add(copy);
        }
        this.steps = savedSteps;
    }

    /** Adam's state, for checkpoints. */
    public record Moments(List<NDArray> first, List<NDArray> second, long steps) {}

    @Override
    public void close() {
        state.close();
    }
}
