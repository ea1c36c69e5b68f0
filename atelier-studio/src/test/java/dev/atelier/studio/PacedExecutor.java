package dev.atelier.studio;

import dev.atelier.Cancellation;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Another executor, each of whose clip frames takes at least {@code frameMillis} longer: a slow machine,
 * so that a test (or a person at the page) sees a clip's progress and can stop it half-way, whatever
 * this machine's speed.
 */
final class PacedExecutor implements JobExecutor {
    private final JobExecutor executor;
    private final long frameMillis;

    PacedExecutor(JobExecutor executor, long frameMillis) {
        this.executor = executor;
        this.frameMillis = frameMillis;
    }

    @Override
    public List<MethodInfo> methods() {
        return executor.methods();
    }

    @Override
    public List<ModelInfo> models() {
        return executor.models();
    }

    @Override
    public Optional<String> clipsUnavailable() {
        return executor.clipsUnavailable();
    }

    @Override
    public List<MethodOption> clipOptions() {
        return executor.clipOptions();
    }

    @Override
    public List<String> paintings(Path modelFile) {
        return executor.paintings(modelFile);
    }

    @Override
    public void validate(JobSubmission submission) {
        executor.validate(submission);
    }

    @Override
    public void requireModels(JobSubmission submission) {
        executor.requireModels(submission);
    }

    @Override
    public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation) {
        RunListener paced = new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                listener.onEvent(event);
                if (event instanceof StepFinished step && "video".equals(step.stage())) {
                    StudioClient.sleep(frameMillis);
                }
            }

            @Override
            public boolean wantsImages() {
                return listener.wantsImages();
            }
        };
        return executor.run(submission, files, paced, cancellation);
    }
}
