package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.report.StrictJson;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio on the library's own entry point: methods and options from the registry, a real
 * optimisation forming its picture, a model by name from a mirror on 127.0.0.1, and refusals in the
 * library's words.
 */
class StudioLibraryTest {
    @TempDir
    Path data;
    private LocalWeightsServer mirror;
    private StudioServer server;
    private StudioClient client;

    @BeforeEach
    void start() throws IOException {
        mirror = new LocalWeightsServer();
        Path candy = data.resolve("candy.pth");
        TorchSaveFiles.writeLegacy(candy, TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 4)
                .asMap());
        mirror.serve("/models/pytorch-examples-candy.pth", Files.readAllBytes(candy));
        ModelStore models = new ModelStore(new WeightsCache(data.resolve("home")), new DownloadSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Duration.ofMillis(10), Duration.ofSeconds(5)),
                mirror.url("/models"), false);
        JobExecutor executor = JobExecutors.fromLibrary(new Atelier(models), ReadOptions.defaults());
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data.resolve("studio")).build(),
                executor);
        client = new StudioClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        mirror.close();
    }

    @Test
    void methodsAndTheirMainControlsComeFromTheRegistry() {
        JsonObject methods = client.get("/api/methods").json();
        String text = methods.toString();

        assertThat(text).contains("\"gatys\"", "\"feedforward\"", "\"adain\"", "\"iterations\"", "\"alpha\"");
        // Options naming files on the server are not among the page's controls; they are listed apart,
        // with the known models made for them.
        JsonObject gatys = method(methods, "gatys");
        assertThat(gatys.getAsJsonArray("options").toString()).doesNotContain("\"weights\"");
        assertThat(gatys.getAsJsonArray("model_options").toString()).contains("\"weights\"");
        JsonObject magenta = method(methods, "magenta");
        assertThat(magenta.getAsJsonArray("options").toString()).doesNotContain("\"transformer\"");
        JsonObject transformer = magenta.getAsJsonArray("model_options").asList().stream()
                .map(option -> option.getAsJsonObject())
                .filter(option -> option.get("name").getAsString().equals("transformer")).findFirst().orElseThrow();
        assertThat(transformer.get("default_value").getAsString()).isEqualTo("magenta-transformer");
        assertThat(transformer.getAsJsonArray("models").toString()).contains("\"magenta-transformer-int8\"");
    }

    /**
     * docs/api.md says options naming networks take known model names: Magenta's int8 transformer is
     * one. (This server cannot have Magenta's predictor, so the job is then refused for that, naming
     * the predictor: the transformer's name passed.)
     */
    @Test
    void aModelNameIsAcceptedForAnOptionThatNamesANetwork() {
        StudioClient.Answer named = client.submit(new Multipart().field("method", "magenta")
                .field("options", "{\"transformer\": \"magenta-transformer-int8\", \"size\": 64}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "painting.png", "image/png", TestPictures.png(30, 30, Color.GRAY)));

        assertThat(named.status()).as(named.json().toString()).isEqualTo(422);
        assertThat(named.json().get("field").getAsString()).isEqualTo("options.predictor");

        StudioClient.Answer path = client.submit(new Multipart().field("method", "magenta")
                .field("options", "{\"transformer\": \"/etc/hostname\"}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "painting.png", "image/png", TestPictures.png(30, 30, Color.GRAY)));
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.json().get("field").getAsString()).isEqualTo("options.transformer");
        assertThat(path.json().get("error").getAsString()).contains("only a known model name");
    }

    private static JsonObject method(JsonObject methods, String name) {
        return methods.getAsJsonArray("methods").asList().stream().map(method -> method.getAsJsonObject())
                .filter(method -> method.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anOptimisationRunsWithItsProgressAndReport() {
        StudioClient.Answer accepted = client.submitGatys(new Color(200, 60, 20),
                "{\"size\": 24, \"iterations\": 3, \"backbone\": \"random-vgg19\"}");
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);

        StudioClient.Answer done = client.await(accepted.id(), job -> List.of("done", "failed")
                .contains(job.state()), Duration.ofMinutes(3));

        assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
        assertThat(done.json().get("step").getAsLong()).isEqualTo(3);
        HttpResponse<byte[]> report = client.bytes("/api/jobs/" + accepted.id() + "/report");
        JsonObject json = StrictJson.parseObject(new String(report.body(), StandardCharsets.UTF_8));
        assertThat(json.get("command").getAsString()).isEqualTo("serve");
        assertThat(json.get("method").getAsString()).isEqualTo("gatys");
        assertThat(json.getAsJsonArray("history")).hasSize(4);
        assertThat(client.bytes("/api/jobs/" + accepted.id() + "/result").statusCode()).isEqualTo(200);
    }

    @Test
    void aModelByNameIsFetchedOnFirstUse() {
        StudioClient.Answer accepted = client.submit(new Multipart().field("method", "feedforward")
                .field("model", "candy").field("options", "{\"size\": 32}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE)));
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);

        StudioClient.Answer done = client.awaitFinished(accepted.id());

        assertThat(done.state()).as(done.json().toString()).isEqualTo("done");
        assertThat(mirror.requestsFor("/models/pytorch-examples-candy.pth")).hasSize(1);
    }

    @Test
    void refusalsNameTheFieldInTheLibrarysWords() {
        StudioClient.Answer duplicate = client.submitGatys(Color.BLUE,
                "{\"style-layers\": \"conv1_1=1,relu1_1=2\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("field").getAsString()).isEqualTo("options.style-layers");
        assertThat(duplicate.json().get("error").getAsString()).isEqualTo("conv1_1 and relu1_1 are the same layer");

        StudioClient.Answer serverFile = client.submit(new Multipart().field("method", "adain")
                .field("options", "{\"decoder\": \"/etc/passwd\"}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "painting.png", "image/png", TestPictures.png(30, 30, Color.GRAY)));
        assertThat(serverFile.status()).isEqualTo(400);
        assertThat(serverFile.json().get("field").getAsString()).isEqualTo("options.decoder");

        StudioClient.Answer narrow = client.submitGatys(Color.RED, "{\"size\": 16, \"backbone\": \"random-vgg19\"}");
        assertThat(narrow.status()).isEqualTo(400);
        assertThat(narrow.json().get("field").getAsString()).isEqualTo("content");
        assertThat(narrow.json().get("error").getAsString()).contains("layer conv5_1 needs 16");
    }
}
