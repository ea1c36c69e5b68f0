package dev.atelier.training;

import java.util.Map;

/**
 * One training step, as the listener sees it.
 *
 * @param step steps done so far (1 after the first)
 * @param totalSteps steps planned
 * @param epoch passes over the training photos started, from 0
 * @param terms this batch's weighted loss terms
 * @param total this batch's total loss
 * @param validation the validation loss when this step validated, else NaN
 * @param improved whether that validation was the best so far (and the model was saved)
 * @param learningRate the rate this step used
 * @param seconds wall time since this run (or its resumption) started
 * @param stepsThisRun steps run since this run (or its resumption) started, for the ETA
 */
public record TrainingEvent(long step, long totalSteps, long epoch, Map<String, Double> terms, double total,
        double validation, boolean improved, double learningRate, double seconds, long stepsThisRun) {

    public boolean validated() {
        return !Double.isNaN(validation);
    }

    /** Seconds left at this run's pace. */
    public double secondsRemaining() {
        return stepsThisRun == 0 ? Double.POSITIVE_INFINITY : seconds / stepsThisRun * (totalSteps - step);
    }
}
