package dev.atelier.models;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import dev.atelier.testing.SpecialFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.method.feedforward.TransformerLayout;
import dev.atelier.method.feedforward.TransformerNetwork;
import dev.atelier.testing.LocalWeightsServer;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.progress.RunListener;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models by name through a mirror on 127.0.0.1 serving files the test writes. */
class ModelStoreTest {
    @TempDir
    Path folder;
    private LocalWeightsServer server;
    private byte[] candy;

    @BeforeEach
    void serve() throws IOException {
        server = new LocalWeightsServer();
        Path file = folder.resolve("candy.pth");
        TorchSaveFiles.writeLegacy(file, TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 4)
                .asMap());
        candy = Files.readAllBytes(file);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelStore store(String home) {
        return new ModelStore(new WeightsCache(folder.resolve(home)), new DownloadSettings(Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1, Duration.ofMillis(10), Duration.ofSeconds(5)), server.url("/mirror"),
                false);
    }

    @Test
    void aNameComesFromTheMirrorUnderItsCacheNameAndIsThenCached() throws IOException {
        server.serve("/mirror/pytorch-examples-candy.pth", candy);
        ModelStore store = store("home");

        Path file = store.resolve("candy", "model", RunListener.silent());

        assertThat(Files.readAllBytes(file)).isEqualTo(candy);
        assertThat(server.requestsFor("/mirror/pytorch-examples-candy.pth")).hasSize(1);
        assertThat(store.resolve("candy", "model", RunListener.silent())).isEqualTo(file);
        assertThat(server.requestsFor("/mirror/pytorch-examples-candy.pth")).as("the second use is cached")
                .hasSize(1);
        assertThat(store.status()).filteredOn(status -> status.model().name().equals("candy"))
                .allMatch(status -> status.cachedFile().isPresent() && status.recordedSha256().isPresent());
    }

    @Test
    void aMemberOfAnArchiveIsExtractedWhenTheMirrorHoldsOnlyTheArchive() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("saved_models/mosaic.pth"));
            out.write(new byte[] {1, 2, 3});
            out.putNextEntry(new ZipEntry("saved_models/candy.pth"));
            out.write(candy);
        }
        server.serve("/mirror/pytorch-examples-saved_models.zip", zip.toByteArray());

        Path file = store("home").resolve("candy", "model", RunListener.silent());

        assertThat(Files.readAllBytes(file)).isEqualTo(candy);
        assertThat(file.getFileName().toString()).isEqualTo("pytorch-examples-candy.pth");
    }

    @Test
    void aFileWithoutAPublishedDigestMustMatchItsFirstDownloadFromThenOn() throws IOException {
        server.serve("/mirror/pytorch-examples-candy.pth", candy);
        ModelStore store = store("home");
        Path file = store.resolve("candy", "model", RunListener.silent());
        Files.delete(file);
        byte[] altered = candy.clone();
        altered[altered.length - 1] ^= 1;
        server.serve("/mirror/pytorch-examples-candy.pth", altered);

        assertThatThrownBy(() -> store.resolve("candy", "model", RunListener.silent()))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("first download's");
    }

    @Test
    void aPublishedDigestRejectsAWrongMirrorCopy() {
        server.serve("/mirror/adain-decoder.pth", new byte[] {1, 2, 3});

        assertThatThrownBy(() -> store("home").resolve("adain-decoder", "decoder", RunListener.silent()))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("does not match the published");
    }

    @Test
    void aFailedDownloadNamesEveryMissingModelWithTheOptionThatTakesACopyAndTheOtherWays() {
        ModelStore store = store("home");

        assertThatThrownBy(() -> store.resolveAll(java.util.List.of(
                new ModelReference("magenta-predictor", "predictor"),
                new ModelReference("magenta-transformer", "transformer")), RunListener.silent()))
                .isInstanceOf(DownloadFailedException.class)
                .satisfies(thrown -> {
                    DownloadFailedException failure = (DownloadFailedException) thrown;
                    assertThat(failure.getMessage()).doesNotContain("\n")
                            .startsWith("could not download magenta-predictor: " + server.url("/mirror"))
                            .contains("HTTP 404")
                            .contains("magenta-predictor (magenta-style_predict_quantized_256.tflite) as predictor")
                            .contains("magenta-transformer (magenta-style_transfer_f16_384.tflite) as transformer")
                            .contains("ATELIER_MIRROR", folder.resolve("home").resolve("weights").toString());
                    assertThat(failure.render(key -> "--" + key)).contains("as --predictor", "as --transformer");
                    assertThat(failure.missing()).containsExactly("magenta-predictor", "magenta-transformer");
                });
        // After the first failure the second is not tried: it would fail the same way, slowly.
        assertThat(server.requests()).isNotEmpty().allMatch(request -> !request.path().contains("style_transfer"));
    }

    @Test
    void aModelAlreadyCachedIsNotNamedAmongTheMissing() throws IOException {
        Path cached = folder.resolve("home").resolve("weights").resolve("pytorch-examples-candy.pth");
        Files.createDirectories(cached.getParent());
        Files.write(cached, candy);
        ModelStore store = store("home");

        assertThatThrownBy(() -> store.resolveAll(java.util.List.of(new ModelReference("adain-decoder", "decoder"),
                new ModelReference("candy", "model")), RunListener.silent()))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("adain-decoder (adain-decoder.pth) as decoder")
                .satisfies(thrown -> assertThat(((DownloadFailedException) thrown).missing())
                        .containsExactly("adain-decoder"));
    }

    @Test
    void pathsAreTheUsersOwnFilesAndMustExist() throws IOException {
        Path mine = Files.writeString(folder.resolve("mine.pth"), "x");
        ModelStore store = store("home");

        assertThat(store.resolve(mine.toString(), "model", RunListener.silent())).isEqualTo(mine);
        assertThatThrownBy(() -> store.resolve(folder.resolve("nope.pth").toString(), "model",
                RunListener.silent()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such model file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void pipesAndDevicesAreRefusedAsModelFiles() {
        Path pipe = SpecialFiles.fifo(folder.resolve("decoder.pth"));
        ModelStore store = store("home");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> store.resolve(pipe.toString(), "decoder", RunListener.silent()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(pipe + ": is a named pipe (FIFO), not a decoder file (only regular files are read)");
            assertThatThrownBy(() -> ModelStore.localFile("/dev/zero", "predictor"))
                    .hasMessage("/dev/zero: is a character device, not a predictor file (only regular files are read)");
        });
    }

    @Test
    void theMirrorComesFromTheEnvironmentAndMustBeAUrl() {
        ModelStore store = ModelStore.fromEnvironment(Map.of("ATELIER_HOME", folder.toString(), "ATELIER_MIRROR",
                "http://127.0.0.1:9/models"), folder);
        assertThat(store.cache().root()).isEqualTo(folder.toAbsolutePath());
        assertThat(ModelStore.mirror("https://mirror.example.org/atelier")).isEqualTo(
                URI.create("https://mirror.example.org/atelier"));
        assertThat(ModelStore.mirror("  ")).isNull();
        assertThatThrownBy(() -> ModelStore.fromEnvironment(Map.of("ATELIER_MIRROR", "file:///srv/models"), folder))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("ATELIER_MIRROR must be an http or https URL, got 'file:///srv/models'");
    }
}
