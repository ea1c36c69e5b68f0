package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import java.util.Map;

/** The progress a finished job keeps: its last step's values, closed off by how the job ended. */
final class JobProgress {
    private JobProgress() {}

    /**
     * What a job that ended in {@code state} shows as its progress.
     *
     * <p>A one-pass method painting one picture sends no steps at all; it is then recorded as the one
     * picture it is ({@code stylize}, 1 of 1 when done, 0 of 1 otherwise) with the studio's own measure
     * of how long the run took, rather than as nothing ({@code stage null, step 0, total 0}).
     *
     * @param last the last step the run reported, or {@code null} for none
     * @param runSeconds how long the run took, measured by the studio
     */
    static StepFinished finished(StepFinished last, JobState state, double runSeconds) {
        boolean done = state == JobState.DONE;
        if (last == null) {
            return new StepFinished("stylize", done ? 1 : 0, 1, done ? 1.0 : 0.0, runSeconds, done ? 0.0 : Double.NaN,
                    Map.of(), "");
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
