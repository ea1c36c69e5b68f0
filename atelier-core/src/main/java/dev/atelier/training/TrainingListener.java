package dev.atelier.training;

/** Receives training progress on the training thread. */
public interface TrainingListener {

    default void onStep(TrainingEvent event) {}

    /** A checkpoint was written (the run can be resumed from it). */
    default void onCheckpoint(long step) {}

    default void onWarning(String message) {}

    static TrainingListener silent() {
        return new TrainingListener() {};
    }
}
