package dev.atelier.studio;

import dev.atelier.Cancellation;
import dev.atelier.progress.RunListener;
import java.util.List;

/**
 * A test executor that describes, validates and paints like {@link FakeExecutor}; a test overrides
 * only what it changes (how a run goes, what it refuses).
 */
abstract class FakeBackedExecutor implements JobExecutor {
    final FakeExecutor fake;

    FakeBackedExecutor(FakeExecutor fake) {
        this.fake = fake;
    }

    @Override
    public List<MethodInfo> methods() {
        return fake.methods();
    }

    @Override
    public List<ModelInfo> models() {
        return fake.models();
    }

    @Override
    public void validate(JobSubmission submission) {
        fake.validate(submission);
    }

    @Override
    public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation) {
        return fake.run(submission, files, listener, cancellation);
    }
}
