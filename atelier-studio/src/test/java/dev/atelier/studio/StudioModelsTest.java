package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose networks cannot be had on this server is refused when it is submitted (422, naming the
 * field, with what the administrator can do), not accepted and failed later; the library's own advice
 * (give a path, place a file in the cache) cannot be followed from a browser. The server here has a
 * mirror on 127.0.0.1 that holds only the candy network, and no public sources; the command that
 * fetches models is given as {@code atelier serve} gives it.
 */
class StudioModelsTest {
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
        server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data.resolve("studio")).build(),
                JobExecutors.fromLibrary(new Atelier(models), ReadOptions.defaults(),
                        names -> "atelier models --fetch " + String.join(" ", names)));
        client = new StudioClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        mirror.close();
    }

    @Test
    void aModelThatCannotBeDownloadedIsRefusedWithAdviceForTheAdministrator() {
        StudioClient.Answer refused = client.submit(new Multipart().field("method", "feedforward")
                .field("model", "mosaic").field("options", "{\"size\": 32}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE)));

        assertThat(refused.status()).as(refused.json().toString()).isEqualTo(422);
        assertThat(refused.json().get("field").getAsString()).isEqualTo("model");
        String error = refused.json().get("error").getAsString();
        assertThat(error).startsWith("mosaic is not on this server and cannot be downloaded now (" + mirror.url("/models"))
                .contains("HTTP 404")
                .endsWith("The studio's administrator can fetch it on the server with 'atelier models --fetch mosaic', "
                        + "or start the studio with ATELIER_MIRROR set to a mirror that has it.")
                .doesNotContain(data.toString(), "give its path", "place it in");
        assertNothingStored();
    }

    @Test
    void everyNetworkAJobNamesOrTakesByDefaultIsAskedFor() {
        StudioClient.Answer magenta = client.submit(new Multipart().field("method", "magenta")
                .field("options", "{\"transformer\": \"magenta-transformer-int8\"}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE))
                .file("style", "painting.png", "image/png", TestPictures.png(30, 30, Color.GRAY)));
        assertThat(magenta.status()).isEqualTo(422);
        assertThat(magenta.json().get("field").getAsString()).isEqualTo("options.predictor");
        assertThat(magenta.json().get("error").getAsString()).startsWith("magenta-predictor is not on this server");

        StudioClient.Answer backbone = client.submitGatys(Color.BLUE, "{\"size\": 64, \"backbone\": \"vgg19\"}");
        assertThat(backbone.status()).isEqualTo(422);
        assertThat(backbone.json().get("field").getAsString()).isEqualTo("options.backbone");
        assertThat(backbone.json().get("error").getAsString()).contains("'atelier models --fetch vgg19'");
        assertNothingStored();
    }

    @Test
    void aJobThatCanDoWithoutTheNetworkIsAccepted() {
        for (String backbone : new String[] {"auto", "random-vgg19"}) {
            StudioClient.Answer accepted = client.submitGatys(Color.BLUE, "{\"size\": 64, \"iterations\": 1, "
                    + "\"backbone\": \"" + backbone + "\"}");
            assertThat(accepted.status()).as(backbone + " " + accepted.json()).isEqualTo(202);
            client.delete("/api/jobs/" + accepted.id());
            client.awaitFinished(accepted.id());
        }
    }

    @Test
    void aModelTheServerCanDownloadIsFetchedOnceAtSubmissionAndTheJobRuns() {
        StudioClient.Answer accepted = client.submit(new Multipart().field("method", "feedforward")
                .field("model", "candy").field("options", "{\"size\": 32}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE)));
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);

        assertThat(client.awaitFinished(accepted.id()).state()).isEqualTo("done");
        StudioClient.Answer again = client.submit(new Multipart().field("method", "feedforward")
                .field("model", "candy").field("options", "{\"size\": 32}")
                .file("content", "photo.png", "image/png", TestPictures.png(40, 30, Color.ORANGE)));
        assertThat(again.status()).isEqualTo(202);
        assertThat(client.awaitFinished(again.id()).state()).isEqualTo("done");
        assertThat(mirror.requestsFor("/models/pytorch-examples-candy.pth")).hasSize(1);
    }

    /** A studio started without a fetch command (embedded in a program) still says what can be done. */
    @Test
    void withoutAFetchCommandTheAdviceNamesTheCacheAndTheMirror() {
        ModelAdvice advice = new ModelAdvice(null);
        assertThat(advice.cannotBeHad("mosaic", "HTTP 404")).isEqualTo("mosaic is not on this server and cannot be "
                + "downloaded now (HTTP 404). The studio's administrator can fetch it into the server's model cache, "
                + "or start the studio with ATELIER_MIRROR set to a mirror that has it.");
    }

    private void assertNothingStored() {
        assertThat(client.get("/api/jobs").json().get("total").getAsInt()).isZero();
    }
}
