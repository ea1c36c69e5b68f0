package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Cancellation;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a running job: the run's cancellation is requested before the answer leaves, and the
 * job ends cancelled however the run returns (stopped with its best picture, finished anyway, or
 * failed on the way out), keeping a picture when there is one.
 */
class StudioCancelTest {
    @TempDir
    Path data;

    @Test
    void theRunSeesTheCancellationBeforeTheAnswerLeaves() throws Exception {
        Slow slow = new Slow(Ending.STOP_WITH_PICTURE);
        try (StudioServer server = start(slow)) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(new Color(0, 120, 60), "{}").id();
            assertThat(slow.running.await(60, TimeUnit.SECONDS)).isTrue();

            StudioClient.Answer asked = client.delete("/api/jobs/" + id);

            assertThat(asked.status()).isEqualTo(200);
            assertThat(asked.json().get("cancel_requested").getAsBoolean()).isTrue();
            assertThat(slow.cancellation.get().isRequested()).as("requested before the answer").isTrue();
            StudioClient.Answer cancelled = client.awaitFinished(id);
            assertThat(cancelled.state()).isEqualTo("cancelled");
            assertThat(cancelled.json().get("has_result").getAsBoolean()).isTrue();
            assertThat(TestPictures.centre(client.bytes("/api/jobs/" + id + "/result").body()))
                    .isEqualTo(new Color(0, 120, 60));
        }
    }

    /** The library once finished a cancelled optimisation regardless; the job said "done". */
    @Test
    void aRunThatFinishesAnywayEndsCancelledWithItsPicture() throws Exception {
        Slow slow = new Slow(Ending.FINISH_ANYWAY);
        try (StudioServer server = start(slow)) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(new Color(200, 120, 0), "{}").id();
            assertThat(slow.running.await(60, TimeUnit.SECONDS)).isTrue();
            client.delete("/api/jobs/" + id);

            StudioClient.Answer ended = client.awaitFinished(id);
            assertThat(ended.state()).isEqualTo("cancelled");
            assertThat(ended.json().get("has_result").getAsBoolean()).isTrue();
            assertThat(ended.json().get("error").isJsonNull()).isTrue();
            assertThat(client.bytes("/api/jobs/" + id + "/result").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRunThatFailsOnTheWayOutEndsCancelledNotFailed() throws Exception {
        Slow slow = new Slow(Ending.FAIL);
        try (StudioServer server = start(slow)) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(Color.BLUE, "{}").id();
            assertThat(slow.running.await(60, TimeUnit.SECONDS)).isTrue();
            client.delete("/api/jobs/" + id);

            StudioClient.Answer ended = client.awaitFinished(id);
            assertThat(ended.state()).isEqualTo("cancelled");
            assertThat(ended.json().get("has_result").getAsBoolean()).isFalse();
            assertThat(ended.json().get("error").isJsonNull()).isTrue();
            assertThat(ended.json().get("step").getAsLong()).as("the last progress is kept").isEqualTo(1);
        }
    }

    private StudioServer start(JobExecutor executor) {
        return StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(), executor);
    }

    private enum Ending { STOP_WITH_PICTURE, FINISH_ANYWAY, FAIL }

    /** Runs until cancelled (or for a minute), then ends as told; paints like the fake. */
    private static final class Slow extends FakeBackedExecutor {
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicReference<Cancellation> cancellation = new AtomicReference<>();
        private final Ending ending;

        Slow(Ending ending) {
            super(new FakeExecutor(0));
            this.ending = ending;
        }

        @Override
        public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener,
                Cancellation cancellation) {
            this.cancellation.set(cancellation);
            listener.onEvent(new StepFinished("optimise", 1, 100, 0.01, 0.5, 50, Map.of(), ""));
            running.countDown();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!cancellation.isRequested() && System.nanoTime() < deadline) {
                StudioClient.sleep(5);
            }
            return switch (ending) {
                case STOP_WITH_PICTURE -> {
                    fake.run(submission, files, RunListener.silent(), Cancellation.never());
                    yield JobOutcome.cancelled(true);
                }
                case FINISH_ANYWAY -> fake.run(submission, files, RunListener.silent(), Cancellation.never());
                case FAIL -> throw new JobFailedException("the network was torn down mid-step");
            };
        }
    }
}
