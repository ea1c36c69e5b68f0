package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running job belongs to the studio that claimed it, with a lease: a starting studio takes back
 * only the jobs of owners that are gone, and only the owner records a job's end.
 */
class JobLeaseTest {
    private static final String OTHER_HOST = "another-machine";

    @TempDir
    Path data;

    private Process living;

    @AfterEach
    void stopLiving() {
        if (living != null) {
            living.destroyForcibly();
        }
    }

    @Test
    void onlyTheJobsOfOwnersThatAreGoneAreTakenBack() throws Exception {
        StudioOwner self = StudioOwner.current();
        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofMinutes(10));
        String deadHere = new StudioOwner(self.host(), deadPid(), "aaaa").text();
        String aliveHere = new StudioOwner(self.host(), livingPid(), "bbbb").text();
        String elsewhere = new StudioOwner(OTHER_HOST, 4242, "cccc").text();
        try (JobStore store = JobStore.open(data.resolve("studio.db"))) {
            long dead = claimed(store, deadHere, later);
            long alive = claimed(store, aliveHere, later);
            long farAlive = claimed(store, elsewhere, later);
            long farExpired = claimed(store, new StudioOwner(OTHER_HOST, 4343, "dddd").text(), now.minusSeconds(1));

            List<JobRecord> taken = store.recover(now, Studio.MAX_ATTEMPTS, self);

            assertThat(taken).extracting(JobRecord::id).containsExactly(dead, farExpired);
            assertThat(store.get(dead).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(store.get(dead).orElseThrow().owner()).isNull();
            assertThat(store.get(farExpired).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            for (long untouched : new long[] {alive, farAlive}) {
                JobRecord job = store.get(untouched).orElseThrow();
                assertThat(job.state()).isEqualTo(JobState.RUNNING);
                assertThat(job.attempts()).isEqualTo(1);
                assertThat(job.leaseUntil()).isEqualTo(later);
            }
        }
    }

    @Test
    void onlyTheOwnerRecordsTheEndAndKeepsWarningsAndItsLeaseRenewed() {
        try (JobStore store = JobStore.open(data.resolve("studio.db"))) {
            String owner = StudioOwner.current().text();
            String intruder = StudioOwner.current().text();
            long id = claimed(store, owner, Instant.now().plusSeconds(60));

            assertThat(store.finish(id, intruder, JobState.DONE, true, null, null, Map.of(), Instant.now())).isFalse();
            assertThat(store.addWarning(id, intruder, "not mine")).isFalse();
            assertThat(store.renewLeases(intruder, Instant.now().plusSeconds(600))).isEmpty();
            assertThat(store.get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

            Instant renewed = Instant.now().plusSeconds(600);
            assertThat(store.renewLeases(owner, renewed)).containsExactly(id);
            assertThat(store.get(id).orElseThrow().leaseUntil()).isEqualTo(renewed);
            for (int n = 1; n <= JobStore.MAX_WARNINGS + 3; n++) {
                store.addWarning(id, owner, "warning " + n + " " + "x".repeat(n == 1 ? 2000 : 0));
            }
            List<String> warnings = store.get(id).orElseThrow().warnings();
            assertThat(warnings).hasSize(JobStore.MAX_WARNINGS);
            assertThat(warnings.get(0)).hasSize(JobStore.MAX_WARNING_LENGTH).endsWith("…");
            assertThat(warnings.get(1)).isEqualTo("warning 2 ");

            assertThat(store.finish(id, owner, JobState.DONE, true, null, null, Map.of("backbone", "vgg19"),
                    Instant.now())).isTrue();
            JobRecord done = store.get(id).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(done.owner()).isNull();
            assertThat(done.networks()).containsExactly(Map.entry("backbone", "vgg19"));
            assertThat(done.warnings()).hasSize(JobStore.MAX_WARNINGS);
        }
    }

    /** A studio opening a folder runs a dead owner's job again and leaves a living owner's alone. */
    @Test
    void aStartingStudioRunsADeadOwnersJobAgainAndLeavesALivingOnesAlone() throws Exception {
        StudioOwner self = StudioOwner.current();
        long dead;
        long alive;
        Files.createDirectories(data.resolve("jobs"));
        try (JobStore store = JobStore.open(data.resolve("studio.db"))) {
            dead = withFiles(store, new Color(200, 20, 20));
            alive = withFiles(store, new Color(20, 20, 200));
            store.claimNext(Instant.now(), new StudioOwner(self.host(), deadPid(), "eeee").text(),
                    Instant.now().plusSeconds(600));
            store.claimNext(Instant.now(), new StudioOwner(self.host(), livingPid(), "ffff").text(),
                    Instant.now().plusSeconds(600));
        }
        Path aliveFolder = data.resolve("jobs").resolve(Long.toString(alive));
        Files.writeString(aliveFolder.resolve("result.png.tmp"), "the living owner's file being written");

        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(1))) {
            StudioClient client = new StudioClient(server.port());
            StudioClient.Answer again = client.awaitFinished(dead);
            assertThat(again.state()).isEqualTo("done");
            assertThat(again.json().get("attempts").getAsInt()).isEqualTo(2);
            StudioClient.Answer untouched = client.get("/api/jobs/" + alive);
            assertThat(untouched.state()).isEqualTo("running");
            assertThat(untouched.json().get("attempts").getAsInt()).isEqualTo(1);
            assertThat(aliveFolder.resolve("result.png.tmp")).exists();
        }
    }

    /** A queued job with a photo of {@code colour} and a painting in its folder, as an accepted upload has. */
    private long withFiles(JobStore store, Color colour) {
        return store.insert(new JobDraft("gatys", null, Map.of("iterations", "2"), "content.png",
                List.of("style-1.png"), "photo.png", List.of("painting.png"), Instant.now()), id -> {
                    try {
                        Path folder = Files.createDirectories(data.resolve("jobs").resolve(Long.toString(id)));
                        Files.write(folder.resolve("content.png"), TestPictures.png(24, 16, colour));
                        Files.write(folder.resolve("style-1.png"), TestPictures.png(16, 16, Color.GRAY));
                    } catch (java.io.IOException failure) {
                        throw new java.io.UncheckedIOException(failure);
                    }
                });
    }

    private static long claimed(JobStore store, String owner, Instant leaseUntil) {
        long id = store.insert(new JobDraft("gatys", null, Map.of(), "content.png", List.of("style-1.png"), null,
                List.of(), Instant.now()), created -> { });
        assertThat(store.claimNext(Instant.now(), owner, leaseUntil).orElseThrow().id()).isEqualTo(id);
        return id;
    }

    /** The id of a process of this machine that has ended. */
    private static long deadPid() throws Exception {
        Process brief = new ProcessBuilder("true").start();
        assertThat(brief.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(brief.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return brief.pid();
    }

    /** The id of a process of this machine that runs until the test ends. */
    private long livingPid() throws Exception {
        if (living == null) {
            living = new ProcessBuilder("sleep", "600").start();
        }
        return living.pid();
    }
}
