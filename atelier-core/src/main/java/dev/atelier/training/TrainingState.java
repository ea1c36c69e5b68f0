package dev.atelier.training;

/** The loop's counters, saved in checkpoints so early stopping resumes where it was. */
final class TrainingState {
    long step;
    long bestStep;
    double bestValidation = Double.POSITIVE_INFINITY;
    int badValidations;
    TrainingHistory history = new TrainingHistory();
}
