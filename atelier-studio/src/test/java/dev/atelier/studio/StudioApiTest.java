package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API end to end over HTTP, against a studio running the fake executor. */
class StudioApiTest {
    @TempDir
    Path data;

    private FakeExecutor executor;
    private StudioServer server;
    private StudioClient client;

    @BeforeEach
    void start() {
        executor = new FakeExecutor(15);
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(), executor);
        client = new StudioClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSubmittedJobRunsAndItsEventsResultAndReportCanBeFetched() {
        StudioClient.Answer accepted = client.submitGatys(new Color(200, 40, 10), "{\"size\": 64, \"iterations\": 8}");

        assertThat(accepted.status()).isEqualTo(202);
        long id = accepted.id();
        assertThat(accepted.state()).isIn("queued", "running");
        assertThat(accepted.json().getAsJsonObject("options").get("size").getAsString()).isEqualTo("64");

        List<StudioClient.Event> events = client.events(id);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).name()).isEqualTo("state");
        assertThat(events.get(events.size() - 1).json().get("state").getAsString()).isEqualTo("done");
        List<JsonObject> progress = events.stream().filter(e -> e.name().equals("progress"))
                .map(StudioClient.Event::json)
                .toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).get("step").getAsLong()).isEqualTo(8);
        assertThat(progress.get(progress.size() - 1).get("total").getAsLong()).isEqualTo(8);

        StudioClient.Answer done = client.get("/api/jobs/" + id);
        assertThat(done.state()).isEqualTo("done");
        assertThat(done.json().get("step").getAsLong()).isEqualTo(8);
        assertThat(done.json().getAsJsonObject("losses").get("total").getAsDouble()).isEqualTo(1100.0 / 8);

        HttpResponse<byte[]> result = client.bytes("/api/jobs/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(TestPictures.centre(result.body())).isEqualTo(new Color(200, 40, 10));

        HttpResponse<byte[]> report = client.bytes("/api/jobs/" + id + "/report");
        JsonObject json = JsonParser.parseString(new String(report.body(), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(json.get("steps").getAsInt()).isEqualTo(8);
    }

    @Test
    void theResultConvertsToJpegAndTheInputsAreServedAsUploaded() {
        long id = client.submitGatys(new Color(10, 120, 240), "{\"iterations\": 2}").id();
        client.awaitFinished(id);

        HttpResponse<byte[]> jpeg = client.bytes("/api/jobs/" + id + "/result?format=jpg");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body()[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg.body()[1] & 0xff).isEqualTo(0xd8);
        Color centre = TestPictures.centre(jpeg.body());
        assertThat(centre.getBlue()).isBetween(235, 245);

        HttpResponse<byte[]> content = client.bytes("/api/jobs/" + id + "/content");
        assertThat(content.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(content.body()).isEqualTo(TestPictures.png(24, 16, new Color(10, 120, 240)));
        HttpResponse<byte[]> style = client.bytes("/api/jobs/" + id + "/style/1");
        assertThat(style.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(style.body()).isEqualTo(TestPictures.jpeg(16, 16, Color.GRAY));
        assertThat(client.bytes("/api/jobs/" + id + "/style/2").statusCode()).isEqualTo(404);
        assertThat(client.bytes("/api/jobs/" + id + "/result?format=gif").statusCode()).isEqualTo(400);
    }

    @Test
    void uploadsAreStoredUnderGeneratedNamesNeverTheClientsOnes() throws Exception {
        long id = client.submit(new Multipart().field("method", "gatys")
                .file("content", "../../evil\\name.png", "image/png", TestPictures.png(16, 16, Color.RED))
                .file("style", "/etc/passwd", "image/png", TestPictures.png(16, 16, Color.BLUE))).id();
        client.awaitFinished(id);

        try (var files = Files.list(data.resolve("jobs").resolve(Long.toString(id)))) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("content.png", "style-1.png", "result.png", "report.json");
        }
        StudioClient.Answer job = client.get("/api/jobs/" + id);
        assertThat(job.json().get("content_name").getAsString()).isEqualTo("name.png");
        assertThat(job.json().getAsJsonArray("style_names").get(0).getAsString()).isEqualTo("passwd");
    }

    @Test
    void theListIsNewestFirstAndPages() {
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = client.submitGatys(Color.RED, "{\"iterations\": 1}").id();
        }
        StudioClient.Answer first = client.get("/api/jobs?limit=2");
        assertThat(first.json().get("total").getAsInt()).isEqualTo(5);
        assertThat(idsOf(first)).containsExactly(ids[4], ids[3]);
        long next = first.json().get("next_before").getAsLong();
        assertThat(idsOf(client.get("/api/jobs?limit=2&before=" + next))).containsExactly(ids[2], ids[1]);
        assertThat(idsOf(client.get("/api/jobs?limit=2&page=3"))).containsExactly(ids[0]);
        assertThat(client.get("/api/jobs?limit=2&page=3").json().get("next_before").isJsonNull()).isTrue();
        assertThat(client.get("/api/jobs?limit=0").status()).isEqualTo(400);
        assertThat(client.get("/api/jobs?page=x").json().get("field").getAsString()).isEqualTo("page");
        for (long id : ids) {
            client.awaitFinished(id);
        }
    }

    @Test
    void cancellingARunningOptimisationKeepsItsBestPictureSoFar() {
        long id = client.submitGatys(new Color(0, 200, 0), "{\"iterations\": 2000}").id();
        client.await(id, job -> job.json().get("step").getAsLong() >= 3, Duration.ofSeconds(30));

        StudioClient.Answer cancelling = client.delete("/api/jobs/" + id);
        assertThat(cancelling.status()).isEqualTo(200);
        assertThat(cancelling.json().get("cancel_requested").getAsBoolean()).isTrue();

        StudioClient.Answer cancelled = client.awaitFinished(id);
        assertThat(cancelled.state()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("has_result").getAsBoolean()).isTrue();
        assertThat(cancelled.json().get("step").getAsLong()).isBetween(3L, 1999L);
        HttpResponse<byte[]> result = client.bytes("/api/jobs/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(TestPictures.centre(result.body())).isEqualTo(new Color(0, 200, 0));
        assertThat(client.delete("/api/jobs/" + id).status()).isEqualTo(409);
    }

    @Test
    void cancellingAQueuedJobMeansItNeverRuns() {
        long running = client.submitGatys(Color.RED, "{\"iterations\": 2000}").id();
        long queued = client.submitGatys(Color.BLUE, "{\"iterations\": 2}").id();
        client.await(running, job -> job.state().equals("running"), Duration.ofSeconds(30));

        StudioClient.Answer cancelled = client.delete("/api/jobs/" + queued);
        assertThat(cancelled.state()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("has_result").getAsBoolean()).isFalse();
        assertThat(client.events(queued)).singleElement()
                .satisfies(event -> assertThat(event.json().get("state").getAsString()).isEqualTo("cancelled"));

        client.delete("/api/jobs/" + running);
        client.awaitFinished(running);
        assertThat(executor.started()).isEqualTo(1);
        assertThat(client.bytes("/api/jobs/" + queued + "/result").statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingJobEndsFailedWithItsMessage() {
        long id = client.submitGatys(Color.RED, "{\"iterations\": 10, \"fail-at-step\": 4}").id();

        List<StudioClient.Event> events = client.events(id);
        JsonObject last = events.get(events.size() - 1).json();
        assertThat(last.get("state").getAsString()).isEqualTo("failed");
        assertThat(last.get("error").getAsString()).isEqualTo("fake failure at step 4");
        assertThat(last.get("has_result").getAsBoolean()).isFalse();
        assertThat(client.bytes("/api/jobs/" + id + "/result").statusCode()).isEqualTo(404);
        assertThat(client.bytes("/api/jobs/" + id + "/report").statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningOptimisationShowsItsPictureAsItForms() {
        long id = client.submitGatys(new Color(100, 100, 200), "{\"iterations\": 2000}").id();
        StudioClient.Answer running = client.await(id,
                job -> job.json().get("preview_version").getAsLong() >= 1, Duration.ofSeconds(30));
        assertThat(running.json().get("eta_seconds").getAsDouble()).isPositive();

        HttpResponse<byte[]> preview = client.bytes("/api/jobs/" + id + "/preview");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type")).hasValue("image/png");
        Color shade = TestPictures.centre(preview.body());
        assertThat(shade.getBlue()).isGreaterThan(shade.getRed()).isLessThan(200);
        client.delete("/api/jobs/" + id);
        client.awaitFinished(id);
    }

    @Test
    void oneWorkerRunsOneJobAtATime() {
        long[] ids = new long[4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = client.submitGatys(Color.RED, "{\"iterations\": 3}").id();
        }
        for (long id : ids) {
            assertThat(client.awaitFinished(id).state()).isEqualTo("done");
        }
        assertThat(executor.mostAtOnce()).isEqualTo(1);
    }

    @Test
    void methodsModelsAndHealthDescribeTheStudio() {
        StudioClient.Answer methods = client.get("/api/methods");
        assertThat(methods.status()).isEqualTo(200);
        JsonObject gatys = methods.json().getAsJsonArray("methods").get(0).getAsJsonObject();
        assertThat(gatys.get("name").getAsString()).isEqualTo("gatys");
        JsonObject size = gatys.getAsJsonArray("options").get(0).getAsJsonObject();
        assertThat(size.get("name").getAsString()).isEqualTo("size");
        assertThat(size.get("default_value").getAsString()).isEqualTo("512");
        assertThat(size.get("main").getAsBoolean()).isTrue();

        StudioClient.Answer models = client.get("/api/models");
        assertThat(models.json().getAsJsonArray("models").get(0).getAsJsonObject().get("size_bytes").getAsLong())
                .isEqualTo(6_700_000);

        StudioClient.Answer health = client.get("/api/health");
        assertThat(health.json().get("status").getAsString()).isEqualTo("ok");
        assertThat(health.json().getAsJsonObject("jobs").get("queued").getAsInt()).isZero();
    }

    @Test
    void unknownJobsAndEndpointsAndAStreamAskedForWithoutItsTypeAreRefused() {
        StudioClient.Answer missing = client.get("/api/jobs/999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").getAsString()).isEqualTo("no job 999");
        assertThat(client.get("/api/jobs/abc").status()).isEqualTo(400);

        StudioClient.Answer noEndpoint = client.get("/api/jobz");
        assertThat(noEndpoint.status()).isEqualTo(404);
        assertThat(noEndpoint.json().get("error").getAsString())
                .isEqualTo("no endpoint GET /api/jobz (see docs/api.md)");

        long id = client.submitGatys(Color.RED, "{\"iterations\": 1}").id();
        assertThat(client.get("/api/jobs/" + id + "/events").status()).isEqualTo(406);
        client.awaitFinished(id);
    }

    @Test
    void aLargeRefusedUploadLeavesNoSpilledPartsBehind() throws Exception {
        // Random pixels do not compress: a 2.2 MB PNG, over the 1 MB the server keeps in memory.
        BufferedImage noise = new BufferedImage(1000, 750, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(noise, "png", png);
        assertThat(png.size()).isGreaterThan(2_000_000);

        StudioClient.Answer refused = client.submit(new Multipart().field("method", "gatys")
                .field("options", "{\"brush\": 1}")
                .file("content", "big.png", "image/png", png.toByteArray())
                .file("style", "s.png", "image/png", TestPictures.png(16, 16, Color.GRAY)));

        assertThat(refused.status()).isEqualTo(400);
        // The server deletes spilled parts as the request completes, which may be just after the answer.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!emptyFolders(List.of("parts", "incoming", "jobs")) && System.nanoTime() < deadline) {
            StudioClient.sleep(20);
        }
        for (String folder : List.of("parts", "incoming", "jobs")) {
            try (var files = Files.list(data.resolve(folder))) {
                assertThat(files.toList()).as(folder).isEmpty();
            }
        }
    }

    private boolean emptyFolders(List<String> folders) throws IOException {
        for (String folder : folders) {
            try (var files = Files.list(data.resolve(folder))) {
                if (files.findAny().isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Long> idsOf(StudioClient.Answer list) {
        List<Long> ids = new ArrayList<>();
        list.json().getAsJsonArray("jobs").forEach(job -> ids.add(job.getAsJsonObject().get("id").getAsLong()));
        return ids;
    }
}
