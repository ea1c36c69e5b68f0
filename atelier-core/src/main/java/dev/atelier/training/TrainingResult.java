package dev.atelier.training;

import dev.atelier.report.HistoryEntry;
import java.util.List;

/**
 * How a training run ended.
 *
 * @param steps steps done in all (including before a resumption)
 * @param bestStep the step whose weights were kept (best validation loss, or the last step)
 * @param bestValidation that validation loss, NaN without a validation split
 * @param stoppedEarly whether early stopping ended the run
 * @param cancelled whether it was stopped on request (a checkpoint was written first)
 * @param history every step's losses (weighted, as they entered the total) and every validation
 */
public record TrainingResult(long steps, long bestStep, double bestValidation, boolean stoppedEarly,
        boolean cancelled, List<HistoryEntry> history) {}
