package dev.atelier.training;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.atelier.Cancellation;
import dev.atelier.NonFiniteLossException;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.GradientRecording;
import dev.atelier.nn.ImageTensors;
import dev.atelier.optim.AdamRule;
import dev.atelier.optim.Scalars;
import dev.atelier.progress.CheckpointSaved;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Validated;
import dev.atelier.progress.Warning;
import dev.atelier.report.HistoryEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop both trainable methods share: Adam over the task's parameters on batches of
 * augmented crops, validation on held-out photos every few steps with the best weights kept
 * (early stopping when validation stops improving), checkpoints from which a killed run resumes
 * exactly, and a stop on request that checkpoints first.
 */
public final class TrainingLoop {

    /** Where kept weights go: called when validation improves (or at the end without validation). */
    @FunctionalInterface
    public interface BestModelSink {
        void save(long step, double validationLoss);
    }

    private final TrainingTask task;
    private final ImageDataset data;
    private final ImageDataset styles;
    private final TrainingOptions options;
    private final CheckpointStore checkpoints;
    private final BestModelSink bestModel;
    private final RunListener listener;
    private final Cancellation cancellation;

    /**
     * @param data the photos
     * @param styles the paintings, for tasks trained on many styles; else {@code null}
     * @param listener receives a {@code StepFinished} per step, a {@code Validated} per validation, a
     *     {@code CheckpointSaved} per checkpoint and warnings about unreadable photos
     */
    public TrainingLoop(TrainingTask task, ImageDataset data, ImageDataset styles, TrainingOptions options,
            CheckpointStore checkpoints, BestModelSink bestModel, RunListener listener,
            Cancellation cancellation) {
        this.task = task;
        this.data = data;
        this.styles = styles;
        this.options = options;
        this.checkpoints = checkpoints;
        this.bestModel = bestModel;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    /** Trains from scratch, or from the last checkpoint when {@code resume} is set and one exists. */
    public TrainingResult run(boolean resume) {
        List<NDArray> parameters = new ArrayList<>(task.parameters().values());
        try (NDManager root = RunDevice.newManager();
                AdamRule adam = new AdamRule(options.learningRate(), 0.9, 0.999, 1e-8, root)) {
            TrainingState state = new TrainingState();
            if (resume && checkpoints.exists()) {
                state = checkpoints.restore(task.parameters(), adam, options);
            }
            // Validation pairs held-out photos with held-out paintings; without both there is none.
            boolean hasValidation = !data.validationFiles().isEmpty()
                    && (styles == null || !styles.validationFiles().isEmpty());
            long startNanos = System.nanoTime();
            long stepsThisRun = 0;
            boolean stoppedEarly = false;
            boolean cancelled = false;
            while (state.step < options.steps()) {
                if (cancellation.isRequested()) {
                    cancelled = true;
                    break;
                }
                long step = state.step;
                double rate = options.learningRateAt(step);
                adam.setLearningRate(rate);
                Map<String, Double> terms = new LinkedHashMap<>();
                double total;
                try (NDManager scope = root.newSubManager()) {
                    List<RgbImage> images = data.trainingBatch(step, options.batchSize(), options.imageSize(),
                            options.resizeSize(), options.augment(), options.seed(), this::warn);
                    NDArray batch = ImageTensors.toBatch(scope, images);
                    NDArray styleBatch = styles == null ? null : ImageTensors.toBatch(scope,
                            styles.trainingBatch(step, options.batchSize(), options.imageSize(),
                                    options.resizeSize(), options.augment(), options.seed() + 1,
                                    this::warn));
                    long stepNumber = state.step + 1;
                    task.startStep(step);
                    total = GradientRecording.collecting(() -> {
                        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                            TrainingTask.BatchLoss loss = task.loss(batch, styleBatch);
                            loss.terms().forEach((name, value) -> terms.put(name, Scalars.toDouble(value)));
                            double value = Scalars.toDouble(loss.total());
                            requireFinite(value, terms, stepNumber);
                            collector.backward(loss.total());
                            return value;
                        }
                    });
                    List<NDArray> gradients = new ArrayList<>();
                    for (NDArray parameter : parameters) {
                        NDArray gradient = parameter.getGradient();
                        gradient.attach(scope);
                        gradients.add(gradient);
                    }
                    adam.update(parameters, gradients);
                    // DJL accumulates gradients across backward passes; each step starts from zero.
                    for (NDArray gradient : gradients) {
                        gradient.subi(gradient);
                    }
                }
                state.step++;
                stepsThisRun++;
                double validation = Double.NaN;
                boolean improved = false;
                if (hasValidation && (state.step % options.validateEvery() == 0 || state.step == options.steps())) {
                    validation = validationLoss();
                    requireFinite(validation, Map.of("validation", validation), state.step);
                    if (validation < state.bestValidation) {
                        state.bestValidation = validation;
                        state.bestStep = state.step;
                        state.badValidations = 0;
                        improved = true;
                        bestModel.save(state.step, validation);
                    } else {
                        state.badValidations++;
                    }
                }
                state.history.add(new HistoryEntry(state.step, -1, -1, terms, Double.NaN, validation));
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                double remaining = seconds / stepsThisRun * (options.steps() - state.step);
                listener.onEvent(new StepFinished("train", state.step, options.steps(),
                        (double) state.step / options.steps(), seconds, remaining, terms, ""));
                if (!Double.isNaN(validation)) {
                    listener.onEvent(new Validated(state.step, validation, improved));
                }
                if (options.checkpointEvery() > 0 && state.step % options.checkpointEvery() == 0) {
                    checkpoints.save(state, task.parameters(), adam, options);
                    listener.onEvent(new CheckpointSaved(state.step, checkpoints.file()));
                }
                if (options.patience() > 0 && state.badValidations >= options.patience()) {
                    stoppedEarly = true;
                    break;
                }
            }
            if (!hasValidation && state.step > 0) {
                // Without held-out photos there is nothing to choose by: the last weights are kept.
                state.bestStep = state.step;
                bestModel.save(state.step, Double.NaN);
            }
            checkpoints.save(state, task.parameters(), adam, options);
            listener.onEvent(new CheckpointSaved(state.step, checkpoints.file()));
            return new TrainingResult(state.step, state.bestStep, state.bestValidation, stoppedEarly, cancelled,
                    state.history.entries());
        }
    }

    /**
     * Stops a diverged run before its step is applied or saved: nothing NaN reaches the weights, a
     * checkpoint or a report. The term that overflowed (or else the largest) names the weight to lower.
     */
    private static void requireFinite(double total, Map<String, Double> terms, long step) {
        if (Double.isFinite(total)) {
            return;
        }
        String term = terms.entrySet().stream().filter(entry -> !Double.isFinite(entry.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse("style");
        String weight = term.equals("validation") ? "" : " or {" + term + "-weight}";
        throw new NonFiniteLossException("the training loss became " + total + " at step " + step
                + " (" + term + " term); lower {lr}" + weight);
    }

    private void warn(String message) {
        listener.onEvent(new Warning(message));
    }

    /** Mean loss over the validation crops, without recording gradients. */
    private double validationLoss() {
        List<RgbImage> images = data.validationImages(options.imageSize(), options.resizeSize(),
                this::warn);
        List<RgbImage> paintings = styles == null ? null : styles.validationImages(options.imageSize(),
                options.resizeSize(), this::warn);
        if (images.isEmpty() || (paintings != null && paintings.isEmpty())) {
            return Double.NaN;
        }
        double sum = 0;
        int count = 0;
        for (int start = 0; start < images.size(); start += options.batchSize()) {
            int end = Math.min(images.size(), start + options.batchSize());
            try (NDManager scope = RunDevice.newManager()) {
                NDArray batch = ImageTensors.toBatch(scope, images.subList(start, end));
                NDArray styleBatch = null;
                if (paintings != null) {
                    // Each validation photo is paired with a fixed painting, cycling through them.
                    List<RgbImage> paired = new ArrayList<>();
                    for (int i = start; i < end; i++) {
                        paired.add(paintings.get(i % paintings.size()));
                    }
                    styleBatch = ImageTensors.toBatch(scope, paired);
                }
                sum += Scalars.toDouble(task.validationLoss(batch, styleBatch).total()) * (end - start);
                count += end - start;
            }
        }
        return sum / count;
    }
}
