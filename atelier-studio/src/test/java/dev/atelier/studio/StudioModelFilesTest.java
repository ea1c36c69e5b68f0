package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.api.Atelier;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TestFiles;
import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model of one's own uploaded with a job: its paintings listed before the job is submitted, one of
 * them chosen or a blend of them, every rule about the choice the library's own (FeedForwardOptions),
 * and only Atelier model files taken from the web.
 */
class StudioModelFilesTest {
    private static final List<String> SEASONS = List.of("spring.jpg", "summer.jpg", "winter.jpg");

    @TempDir
    Path folder;
    private LocalWeightsServer mirror;
    private StudioServer server;
    private StudioClient client;
    private byte[] seasons;

    @BeforeEach
    void start() throws IOException {
        mirror = new LocalWeightsServer();
        Atelier atelier = LibraryStudios.withCandy(folder, mirror);
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(folder.resolve("studio")).build(),
                LibraryStudios.executor(atelier));
        client = new StudioClient(server.port());
        seasons = Files.readAllBytes(TestFiles.multiStyleModel(folder, "seasons.safetensors", SEASONS, 3));
    }

    @AfterEach
    void stop() {
        server.close();
        mirror.close();
    }

    private StudioClient.Answer paintings(String name, byte[] bytes) {
        Multipart form = new Multipart().file("model_file", name, "application/octet-stream", bytes);
        return client.send(client.request("/api/models/paintings").header("Content-Type", form.contentType())
                .POST(form.publisher()));
    }

    private StudioClient.Answer submit(byte[] model, String options) {
        return client.submit(new Multipart().field("method", "feedforward").field("options", options)
                .file("content", "harbour.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("model_file", "seasons.safetensors", "application/octet-stream", model));
    }

    @Test
    void aModelFilesPaintingsAreListedBeforeAnyJobAndNothingIsKept() throws IOException {
        StudioClient.Answer listed = paintings("seasons.safetensors", seasons);
        assertThat(listed.status()).as(listed.json().toString()).isEqualTo(200);
        assertThat(listed.json().getAsJsonArray("paintings").asList()).extracting(item -> item.getAsString())
                .containsExactlyElementsOf(SEASONS);

        byte[] one = Files.readAllBytes(TestFiles.feedForwardModel(folder, "one.safetensors", 4));
        assertThat(paintings("one.safetensors", one).json().getAsJsonArray("paintings")).isEmpty();

        StudioClient.Answer pickle = paintings("candy.pth", "PK\u0003\u0004 not really".getBytes(StandardCharsets.UTF_8));
        assertThat(pickle.status()).isEqualTo(400);
        assertThat(pickle.json().get("field").getAsString()).isEqualTo("model_file");
        assertThat(pickle.json().get("error").getAsString()).isEqualTo("not a safetensors file")
                .doesNotContain(folder.toString());
        try (Stream<Path> left = Files.list(folder.resolve("studio/incoming"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aBlendOfAModelFilesPaintingsIsPaintedAndItsReportSaysWhichWeights() {
        StudioClient.Answer accepted = submit(seasons, "{\"style-weights\": [0.5, 0, 1]}");
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        assertThat(accepted.json().get("model").isJsonNull()).isTrue();
        assertThat(accepted.json().get("model_name").getAsString()).isEqualTo("seasons.safetensors");

        StudioClient.Answer done = client.awaitFinished(accepted.id());

        assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
        assertThat(done.json().getAsJsonObject("options").get("style-weights").getAsString()).isEqualTo("0.5,0,1");
        JsonObject result = StrictJson.parseObject(new String(client.bytes("/api/jobs/" + accepted.id() + "/report")
                .body(), StandardCharsets.UTF_8)).getAsJsonObject("result");
        assertThat(result.get("painting").getAsString()).isEqualTo("0.333 spring.jpg + 0.667 winter.jpg");
        assertThat(result.getAsJsonArray("style_mix").toString()).isEqualTo("[0.5,0.0,1.0]");
        assertThat(client.bytes("/api/jobs/" + accepted.id() + "/model").body()).isEqualTo(seasons);
        assertThat(done.json().getAsJsonObject("links").get("model").getAsString())
                .isEqualTo("/api/jobs/" + accepted.id() + "/model");
    }

    /**
     * The library's rules for a choice, in its words. Weights that are not a blend are refused when
     * submitted; a count of weights or a painting the network does not have, when the run reads the
     * network (the library's plan reads no model file), failing the job in one line without the
     * server's paths. The page offers neither: one slider per painting, a choice among them.
     */
    @Test
    void aChoiceTheNetworkCannotPaintIsRefusedInTheLibrarysWords() {
        StudioClient.Answer zeros = submit(seasons, "{\"style-weights\": [0, 0, 0]}");
        assertThat(zeros.status()).isEqualTo(400);
        assertThat(zeros.json().get("field").getAsString()).isEqualTo("options.style-weights");
        StudioClient.Answer negative = submit(seasons, "{\"style-weights\": [1, -1, 0]}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("field").getAsString()).isEqualTo("options.style-weights");
        assertThat(client.get("/api/jobs").json().get("total").getAsInt()).isZero();

        StudioClient.Answer twoWeights = client.awaitFinished(submit(seasons, "{\"style-weights\": [1, 1]}").id());
        assertThat(twoWeights.state()).isEqualTo("failed");
        assertThat(twoWeights.json().get("error").getAsString())
                .isEqualTo("style-weights: gives 2 weights, but model.safetensors holds 3 paintings");
        StudioClient.Answer fourth = client.awaitFinished(submit(seasons, "{\"style-index\": 4}").id());
        assertThat(fourth.state()).isEqualTo("failed");
        assertThat(fourth.json().get("error").getAsString())
                .isEqualTo("style-index: is 4, but model.safetensors holds 3 paintings");
    }

    @Test
    void aModelFileIsForFeedForwardNetworksAloneAndNeverWithAName() {
        StudioClient.Answer both = client.submit(new Multipart().field("method", "feedforward").field("model", "candy")
                .file("content", "harbour.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("model_file", "seasons.safetensors", "application/octet-stream", seasons));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("field").getAsString()).isEqualTo("model_file");
        assertThat(both.json().get("error").getAsString()).contains("not both");

        StudioClient.Answer gatys = client.submit(new Multipart().field("method", "gatys")
                .file("content", "harbour.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "painting.png", "image/png", TestPictures.png(30, 30, Color.GRAY))
                .file("model_file", "seasons.safetensors", "application/octet-stream", seasons));
        assertThat(gatys.status()).isEqualTo(400);
        assertThat(gatys.json().get("field").getAsString()).isEqualTo("model_file");

        StudioClient.Answer text = submit("{\"not\": \"a model\"}".getBytes(StandardCharsets.UTF_8), "{}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("field").getAsString()).isEqualTo("model_file");
        assertThat(text.json().get("error").getAsString()).isEqualTo("not a safetensors file");
    }

    @Test
    void thePaintingsEndpointWantsOneModelFileAsAForm() {
        Multipart noFile = new Multipart().field("method", "feedforward");
        StudioClient.Answer none = client.send(client.request("/api/models/paintings")
                .header("Content-Type", noFile.contentType()).POST(noFile.publisher()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("field").getAsString()).isEqualTo("model_file");

        StudioClient.Answer json = client.send(client.request("/api/models/paintings")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("error").getAsString()).contains("multipart/form-data");
    }
}
