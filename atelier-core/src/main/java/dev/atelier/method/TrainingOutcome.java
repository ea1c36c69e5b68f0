package dev.atelier.method;

import dev.atelier.report.ModelUse;
import dev.atelier.training.TrainingResult;
import java.util.List;

/**
 * How a training run ended, and the fixed networks it trained against, for the report.
 *
 * @param models the loss network or encoder used
 */
public record TrainingOutcome(TrainingResult result, List<ModelUse> models) {
    public TrainingOutcome {
        models = List.copyOf(models);
    }
}
