package dev.atelier.api;

import dev.atelier.training.TrainingResult;
import java.nio.file.Path;

/**
 * How a training request ended.
 *
 * @param output the network file, written whenever validation improved (it may not exist yet when a
 *     run was stopped before its first validation)
 * @param checkpoint what a resumed run continues from
 * @param report the report written
 */
public record TrainOutcome(TrainingResult result, Path output, Path checkpoint, Path report) {}
