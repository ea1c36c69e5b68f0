package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.SmoothedEta;
import dev.atelier.progress.StepFinished;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job says while it runs and once it has finished: warnings relayed and kept, the networks
 * it used, the time left smoothed, and progress that makes sense for a method that sends no steps.
 */
class StudioProgressTest {
    @TempDir
    Path data;

    /** An optimisation that fell back to random weights said so only in its report. */
    @Test
    void aFallBackToRandomWeightsIsRelayedKeptAndNamed() {
        try (StudioServer server = start(new FakeExecutor(5))) {
            StudioClient client = new StudioClient(server.port());
            // Queued behind a long job, so that its stream is open before it starts.
            long ahead = client.submitGatys(Color.GREEN, "{\"iterations\": 10000}").id();
            long id = client.submitGatys(Color.RED, "{\"iterations\": 6, \"backbone\": \"auto\"}").id();
            CompletableFuture<List<StudioClient.Event>> stream = CompletableFuture.supplyAsync(() -> client.events(id));
            client.await(ahead, job -> job.state().equals("running"), Duration.ofSeconds(60));
            StudioClient.sleep(500);
            client.delete("/api/jobs/" + ahead);

            List<StudioClient.Event> events = stream.join();
            assertThat(events.get(0).json().get("state").getAsString()).as("opened while queued").isEqualTo("queued");
            assertThat(events).filteredOn(event -> event.name().equals("warning")).singleElement()
                    .satisfies(event -> assertThat(event.json().get("message").getAsString())
                            .isEqualTo(FakeExecutor.RANDOM_WEIGHTS_WARNING));
            JsonObject done = client.get("/api/jobs/" + id).json();
            assertThat(done.get("state").getAsString()).isEqualTo("done");
            assertThat(done.getAsJsonArray("warnings").get(0).getAsString())
                    .isEqualTo(FakeExecutor.RANDOM_WEIGHTS_WARNING);
            assertThat(done.getAsJsonObject("networks").get("backbone").getAsString()).isEqualTo("random-vgg19");

            long plain = client.submitGatys(Color.RED, "{\"iterations\": 2}").id();
            JsonObject other = client.awaitFinished(plain).json();
            assertThat(other.getAsJsonArray("warnings")).isEmpty();
            assertThat(other.getAsJsonObject("networks").get("backbone").getAsString()).isEqualTo("vgg19");
        }
    }

    /** A finished Magenta job once showed "stage null, step 0, total 0, elapsed null". */
    @Test
    void aOnePassJobKeepsSensibleProgressOnceFinished() {
        try (StudioServer server = start(new FakeExecutor(20))) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submit(new Multipart().field("method", "magenta")
                    .file("content", "photo.png", "image/png", TestPictures.png(24, 16, Color.CYAN))
                    .file("style", "painting.png", "image/png", TestPictures.png(16, 16, Color.GRAY))).id();

            JsonObject done = client.awaitFinished(id).json();
            assertThat(done.get("state").getAsString()).isEqualTo("done");
            assertThat(done.get("stage").getAsString()).isEqualTo("stylize");
            assertThat(done.get("step").getAsLong()).isEqualTo(1);
            assertThat(done.get("total").getAsLong()).isEqualTo(1);
            assertThat(done.get("fraction").getAsDouble()).isEqualTo(1.0);
            assertThat(done.get("elapsed_seconds").getAsDouble()).isGreaterThanOrEqualTo(0.1);
            assertThat(done.get("eta_seconds").getAsDouble()).isZero();
            assertThat(done.getAsJsonObject("networks").get("transformer").getAsString())
                    .isEqualTo("magenta-transformer");

            long failing = client.submit(new Multipart().field("method", "magenta")
                    .field("options", "{\"fail-at-step\": 2}")
                    .file("content", "photo.png", "image/png", TestPictures.png(24, 16, Color.CYAN))
                    .file("style", "painting.png", "image/png", TestPictures.png(16, 16, Color.GRAY))).id();
            JsonObject failed = client.awaitFinished(failing).json();
            assertThat(failed.get("state").getAsString()).isEqualTo("failed");
            assertThat(failed.get("stage").isJsonNull()).as("it made no picture to count").isTrue();
            assertThat(failed.get("step").getAsLong()).isZero();
            assertThat(failed.get("total").getAsLong()).isZero();
            assertThat(failed.get("elapsed_seconds").getAsDouble()).isPositive();
            assertThat(failed.get("eta_seconds").isJsonNull()).isTrue();
        }
    }

    @Test
    void aFinishedOptimisationHasNothingLeftToWaitFor() {
        try (StudioServer server = start(new FakeExecutor(5))) {
            StudioClient client = new StudioClient(server.port());
            JsonObject done = client.awaitFinished(client.submitGatys(Color.RED, "{\"iterations\": 5}").id()).json();
            assertThat(done.get("stage").getAsString()).isEqualTo("optimise");
            assertThat(done.get("step").getAsLong()).isEqualTo(5);
            assertThat(done.get("fraction").getAsDouble()).isEqualTo(1.0);
            assertThat(done.get("eta_seconds").getAsDouble()).isZero();
        }
    }

    /** The library's estimate swings (100, 40, 160 s…); the page is sent the smoothed one. */
    @Test
    void theTimeLeftShownIsTheLibrarysSmoothed() {
        double[][] steps = {{0.5, 100}, {1.5, 40}, {2.5, 160}, {3.5, Double.NaN}, {4.5, 95}};
        Scripted swinging = new Scripted(steps);
        try (StudioServer server = start(swinging)) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(Color.RED, "{}").id();

            SmoothedEta expected = new SmoothedEta();
            for (int i = 0; i < steps.length; i++) {
                int step = i + 1;
                JsonObject job = client.await(id, answer -> answer.json().get("step").getAsLong() == step,
                        Duration.ofSeconds(60)).json();
                assertThat(job.get("eta_seconds").getAsDouble()).as("step %d", step)
                        .isCloseTo(expected.update(steps[i][0], steps[i][1]), within(1e-9));
                if (step == 2) {
                    assertThat(job.get("eta_seconds").getAsDouble()).as("not 40").isBetween(90.0, 99.0);
                }
                swinging.proceed.release();
            }
            assertThat(client.awaitFinished(id).state()).isEqualTo("done");
        }
    }

    private StudioServer start(JobExecutor executor) {
        return StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(), executor);
    }

    /** Sends the given steps ({elapsed, estimate}), each once the test lets it go on, and paints like the fake. */
    private static final class Scripted extends FakeBackedExecutor {
        final java.util.concurrent.Semaphore proceed = new java.util.concurrent.Semaphore(0);
        private final double[][] steps;

        Scripted(double[][] steps) {
            super(new FakeExecutor(0));
            this.steps = steps;
        }

        @Override
        public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener,
                Cancellation cancellation) {
            for (int i = 0; i < steps.length; i++) {
                listener.onEvent(new StepFinished("optimise", i + 1, 100, (i + 1) / 100.0, steps[i][0], steps[i][1],
                        Map.of(), ""));
                proceed.acquireUninterruptibly();
            }
            return fake.run(submission, files, RunListener.silent(), Cancellation.never());
        }
    }
}
