package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: every job is kept, runs once, and keeps its own inputs and result. */
class StudioConcurrencyTest {
    @TempDir
    Path data;

    @Test
    void twentyJobsFromFourThreadsAllFinishWithTheirOwnResults() throws Exception {
        FakeExecutor executor = new FakeExecutor(2);
        try (StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data)
                .optWorkers(2).build(), executor)) {
            StudioClient client = new StudioClient(server.port());
            Map<Long, Color> colours = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> submissions = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                submissions.add(threads.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        Color colour = new Color(20 + 50 * t, 30 + 40 * i, 200 - 10 * t - 20 * i);
                        StudioClient.Answer accepted = client.submitGatys(colour, "{\"iterations\": 3}");
                        assertThat(accepted.status()).isEqualTo(202);
                        assertThat(colours.put(accepted.id(), colour)).as("id given twice").isNull();
                    }
                }));
            }
            for (Future<?> submission : submissions) {
                submission.get();
            }
            threads.shutdown();

            assertThat(colours).hasSize(20);
            for (Map.Entry<Long, Color> job : colours.entrySet()) {
                long id = job.getKey();
                assertThat(client.awaitFinished(id).state()).isEqualTo("done");
                assertThat(TestPictures.centre(client.bytes("/api/jobs/" + id + "/result").body()))
                        .as("result of job %d", id).isEqualTo(job.getValue());
                String report = new String(client.bytes("/api/jobs/" + id + "/report").body(), StandardCharsets.UTF_8);
                JsonArray reported = JsonParser.parseString(report).getAsJsonObject().getAsJsonArray("content_colour");
                assertThat(reported.get(0).getAsInt()).isEqualTo(job.getValue().getRed());
            }
            assertThat(client.get("/api/jobs?limit=100").json().getAsJsonArray("jobs")).hasSize(20);
            assertThat(executor.started()).as("each job ran once").isEqualTo(20);
            assertThat(executor.mostAtOnce()).isLessThanOrEqualTo(2);
        }
    }
}
