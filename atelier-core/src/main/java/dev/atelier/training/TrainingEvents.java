package dev.atelier.training;

import dev.atelier.progress.CheckpointSaved;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Validated;
import dev.atelier.progress.Warning;
import java.nio.file.Path;

/** A training loop's callbacks as run events, one {@link StepFinished} per step. */
public final class TrainingEvents implements TrainingListener {
    private final RunListener listener;
    private final Path checkpoint;

    /** @param checkpoint the checkpoint file the loop writes, for {@link CheckpointSaved} events */
    public TrainingEvents(RunListener listener, Path checkpoint) {
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    @Override
    public void onStep(TrainingEvent event) {
        double remaining = event.secondsRemaining();
        listener.onEvent(new StepFinished("train", event.step(), event.totalSteps(),
                (double) event.step() / event.totalSteps(), event.seconds(),
                Double.isFinite(remaining) ? remaining : Double.NaN, event.terms(), ""));
        if (event.validated()) {
            listener.onEvent(new Validated(event.step(), event.validation(), event.improved()));
        }
    }

    @Override
    public void onCheckpoint(long step) {
        listener.onEvent(new CheckpointSaved(step, checkpoint));
    }

    @Override
    public void onWarning(String message) {
        listener.onEvent(new Warning(message));
    }
}
