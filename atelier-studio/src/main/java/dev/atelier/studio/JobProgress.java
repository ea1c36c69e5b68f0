package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import java.util.Map;

/** The progress a finished job keeps: its last step's values, closed off by how the job ended. */
final class JobProgress {
    private JobProgress() {}

    /**
     * What a job that ended in {@code state} shows as its progress.
     *
     * <p>A one-pass method painting one picture sends no steps at all; done, it is recorded as the one
     * picture it made ({@code stylize}, 1 of 1) with the studio's own measure of how long the run
     * took, rather than as nothing ({@code stage null, step 0, total 0, elapsed null}). A run that
     * ended otherwise before any step keeps no count, only its time.
     *
     * @param last the last step the run reported, or {@code null} for none
     * @param runSeconds how long the run took, measured by the studio
     */
    static StepFinished finished(StepFinished last, JobState state, double runSeconds) {
        boolean done = state == JobState.DONE;
        if (last == null) {
            return done ? new StepFinished("stylize", 1, 1, 1.0, runSeconds, 0.0, Map.of(), "")
                    : new StepFinished(null, 0, 0, 0.0, runSeconds, Double.NaN, Map.of(), "");
        }
        double elapsed = Double.isFinite(last.elapsedSeconds()) ? last.elapsedSeconds() : runSeconds;
        return new StepFinished(last.stage(), last.step(), last.total(), done ? 1.0 : last.fraction(), elapsed,
                done ? 0.0 : Double.NaN, last.losses(), last.item());
    }

    /** {@code step} with the time left replaced by what the studio shows. */
    static StepFinished withEta(StepFinished step, double secondsRemaining) {
        return new StepFinished(step.stage(), step.step(), step.total(), step.fraction(), step.elapsedSeconds(),
                secondsRemaining, step.losses(), step.item());
    }
}
