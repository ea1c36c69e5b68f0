package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart loses nothing, however the last server stopped. */
class StudioRecoveryTest {
    @TempDir
    Path data;

    @Test
    void afterKillDashNineTheRunningJobRunsAgainAndTheQueuedOnesRun() throws Exception {
        Process child = StudioProcess.start(data, 50);
        long[] ids = new long[3];
        try {
            int port = portOf(child);
            StudioClient client = new StudioClient(port);
            ids[0] = client.submitGatys(new Color(250, 0, 0), "{\"iterations\": 400}").id();
            ids[1] = client.submitGatys(new Color(0, 250, 0), "{\"iterations\": 3}").id();
            ids[2] = client.submitGatys(new Color(0, 0, 250), "{\"iterations\": 3}").id();
            client.await(ids[0], job -> job.json().get("step").getAsLong() >= 2, Duration.ofSeconds(60));
            assertThat(client.get("/api/jobs/" + ids[1]).state()).isEqualTo("queued");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(1))) {
            StudioClient client = new StudioClient(server.port());
            Color[] colours = {new Color(250, 0, 0), new Color(0, 250, 0), new Color(0, 0, 250)};
            for (int i = 0; i < ids.length; i++) {
                StudioClient.Answer job = client.awaitFinished(ids[i]);
                assertThat(job.state()).isEqualTo("done");
                assertThat(TestPictures.centre(client.bytes("/api/jobs/" + ids[i] + "/result").body()))
                        .isEqualTo(colours[i]);
            }
            assertThat(client.get("/api/jobs/" + ids[0]).json().get("attempts").getAsInt()).isEqualTo(2);
            assertThat(client.get("/api/jobs/" + ids[1]).json().get("attempts").getAsInt()).isEqualTo(1);
            assertThat(client.get("/api/jobs").json().get("total").getAsInt()).isEqualTo(3);
        }
    }

    @Test
    void aGracefulStopPutsTheRunningJobBackInTheQueue() {
        long id;
        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(20))) {
            StudioClient client = new StudioClient(server.port());
            id = client.submitGatys(Color.MAGENTA, "{\"iterations\": 1000}").id();
            client.await(id, job -> job.json().get("step").getAsLong() >= 1, Duration.ofSeconds(30));
        }
        try (JobStore store = JobStore.open(data.resolve("studio.db"))) {
            JobRecord job = store.get(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(job.attempts()).as("a graceful stop does not count as an attempt").isZero();
        }
        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(0))) {
            assertThat(new StudioClient(server.port()).awaitFinished(id).state()).isEqualTo("done");
        }
    }

    @Test
    void theStoreRecoversRunningJobsByWhatWasAskedOfThem() {
        Path database = data.resolve("studio.db");
        long plain;
        long cancelAsked;
        long crashing;
        // Each earlier studio is gone: an owner of this process with another tag, whose lease still runs.
        StudioOwner self = StudioOwner.current();
        Instant lease = Instant.now().plusSeconds(600);
        try (JobStore store = JobStore.open(database)) {
            // The first job has crashed the server twice already.
            crashing = store.insert(draft(), id -> { });
            for (int crash = 0; crash < Studio.MAX_ATTEMPTS - 1; crash++) {
                store.claimNext(Instant.now(), StudioOwner.current().text(), lease);
                store.recover(Instant.now(), Studio.MAX_ATTEMPTS, self);
            }
            plain = store.insert(draft(), id -> { });
            cancelAsked = store.insert(draft(), id -> { });
            for (int i = 0; i < 3; i++) {
                store.claimNext(Instant.now(), StudioOwner.current().text(), lease);
            }
            store.markCancelRequested(cancelAsked);
        }
        try (JobStore store = JobStore.open(database)) {
            List<JobRecord> interrupted = store.recover(Instant.now(), Studio.MAX_ATTEMPTS, self);

            assertThat(interrupted).extracting(JobRecord::id).containsExactly(crashing, plain, cancelAsked);
            assertThat(store.get(plain).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(store.get(cancelAsked).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
            JobRecord failed = store.get(crashing).orElseThrow();
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.error()).isEqualTo("the server stopped while this job ran, 3 times; it was not started"
                    + " again");
        }
    }

    @Test
    void aJobWhoseFilesCannotBeMovedIntoPlaceIsNotStored() {
        try (JobStore store = JobStore.open(data.resolve("studio.db"))) {
            CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> store.insert(draft(), id -> {
                throw new IllegalStateException("disk full");
            }));
            assertThat(attempt).failsWithin(Duration.ofSeconds(5));
            assertThat(store.ids()).isEmpty();
            assertThat(store.insert(draft(), id -> { })).isPositive();
            assertThat(store.ids()).hasSize(1);
        }
    }

    private static JobDraft draft() {
        return new JobDraft("gatys", null, Map.of("size", "64"), "content.png", List.of("style-1.png"), "photo.png",
                List.of("painting.png"), Instant.now());
    }

    private static int portOf(Process child) throws Exception {
        BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).trim());
                    }
                }
                throw new IllegalStateException("the studio process ended without listening");
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }
}
