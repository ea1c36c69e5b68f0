package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One studio per data folder. Two once shared one: the second marked the first's running job
 * interrupted, ran it again, deleted its files, and both wrote into the same job folder.
 */
class StudioLockTest {
    @TempDir
    Path data;

    @Test
    void aSecondStudioProcessIsRefusedAndTheFirstsRunningJobIsLeftAlone() throws Exception {
        Process first = StudioProcess.start(data, 40);
        Process second = null;
        try {
            BufferedReader firstOutput = reader(first);
            int port = portOf(firstOutput);
            StudioClient client = new StudioClient(port);
            long id = client.submitGatys(new Color(30, 160, 90), "{\"iterations\": 150}").id();
            client.await(id, job -> job.json().get("step").getAsLong() >= 3, Duration.ofSeconds(60));

            second = StudioProcess.start(data, 1);
            Process started = second;
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            });
            boolean ended = second.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                second.destroyForcibly();
            }
            String refusal = output.get(30, TimeUnit.SECONDS);
            assertThat(ended).as("the second studio ends by itself: " + refusal).isTrue();
            assertThat(second.exitValue()).as(refusal).isEqualTo(5);
            assertThat(refusal).contains("atelier: error: " + data.toAbsolutePath().normalize()
                    + ": another studio is using this data folder (http://127.0.0.1:" + port + "/, process "
                    + first.pid() + ")");

            StudioClient.Answer job = client.get("/api/jobs/" + id);
            assertThat(job.state()).isEqualTo("running");
            assertThat(job.json().get("attempts").getAsInt()).isEqualTo(1);
            StudioClient.Answer done = client.await(id, answer -> !answer.state().equals("running"),
                    Duration.ofSeconds(120));
            assertThat(done.state()).isEqualTo("done");
            assertThat(done.json().get("attempts").getAsInt()).as("run once, not again by the second").isEqualTo(1);
            assertThat(TestPictures.centre(client.bytes("/api/jobs/" + id + "/result").body()))
                    .isEqualTo(new Color(30, 160, 90));
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (second != null) {
                second.destroyForcibly();
            }
        }
        // The lock dies with its process, even by kill -9: the folder is free again.
        try (StudioServer again = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(1))) {
            assertThat(new StudioClient(again.port()).get("/api/jobs").json().get("total").getAsInt()).isEqualTo(1);
        }
    }

    @Test
    void aStudioInTheSameProcessIsRefusedBeforeTouchingTheDatabase() throws Exception {
        try (StudioServer first = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(20))) {
            StudioClient client = new StudioClient(first.port());
            long id = client.submitGatys(Color.ORANGE, "{\"iterations\": 10000}").id();
            client.await(id, job -> job.json().get("step").getAsLong() >= 2, Duration.ofSeconds(60));
            List<String> before = files(data.resolve("jobs").resolve(Long.toString(id)));

            assertThatThrownBy(() -> StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                    new FakeExecutor(1)))
                    .isInstanceOf(StudioLockedException.class)
                    .hasMessage(data.toAbsolutePath().normalize() + ": another studio is using this data folder ("
                            + first.url() + ", process " + ProcessHandle.current().pid() + "); use that one, stop it "
                            + "first, or give data another folder");

            assertThat(client.get("/api/jobs/" + id).state()).isEqualTo("running");
            assertThat(files(data.resolve("jobs").resolve(Long.toString(id)))).containsAll(before);
            // The refusal opened nothing: the lock still holds against another process (on POSIX systems,
            // closing any descriptor of the file would have dropped it).
            Process other = StudioProcess.start(data, 1);
            try {
                assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).as(new String(other.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8)).isEqualTo(5);
            } finally {
                other.destroyForcibly();
            }
            client.delete("/api/jobs/" + id);
            assertThat(client.awaitFinished(id).state()).isEqualTo("cancelled");
        }
        try (StudioServer after = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(),
                new FakeExecutor(1))) {
            assertThat(after.port()).isPositive();
        }
    }

    @Test
    void theRefusalSaysWhenTheHolderIsStillStarting() throws IOException {
        Files.createDirectories(data);
        Path file;
        try (StudioLock held = StudioLock.acquire(data, StudioOwner.current())) {
            file = held.file();
            assertThatThrownBy(() -> StudioLock.acquire(data, StudioOwner.current()))
                    .hasMessageContaining("(process " + ProcessHandle.current().pid() + ", still starting)");
            held.announce("http://127.0.0.1:9/");
            assertThatThrownBy(() -> StudioLock.acquire(data, StudioOwner.current()))
                    .hasMessageContaining("(http://127.0.0.1:9/, process " + ProcessHandle.current().pid() + ")");
        }
        // Read once released: in the holding process, opening and closing the file would drop the lock.
        assertThat(Files.readString(file)).startsWith("address http://127.0.0.1:9/\nprocess ");
    }

    private static List<String> files(Path folder) throws IOException {
        try (var listing = Files.list(folder)) {
            return new ArrayList<>(listing.map(path -> path.getFileName().toString()).toList());
        }
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    static int portOf(BufferedReader output) throws Exception {
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
        return port.get(120, TimeUnit.SECONDS);
    }
}
