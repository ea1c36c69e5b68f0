package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.models.KnownFile;
import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelStore;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.TorchFiles;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.testing.EventLog;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where backbone weights come from: a user's file, the embedded network, the cache, a download, or random. */
class BackboneLoaderTest {
    private final NDManager manager = NDManager.newBaseManager();
    private final EventLog events = new EventLog();

    @TempDir
    Path folder;

    @AfterEach
    void close() {
        manager.close();
    }

    /** A model on a local port where nothing listens: every download fails fast. */
    private static KnownModel unreachable(String id, String fileName) throws IOException {
        return model(id, fileName, "00000000");
    }

    private static KnownModel model(String id, String fileName, String sha256) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new KnownModel(id, id, "test", List.of(KnownFile.of(fileName, 1000, false, sha256, "test",
                "http://127.0.0.1:" + port + "/" + fileName)), null);
    }

    private ModelStore downloader() {
        return new ModelStore(new WeightsCache(folder.resolve("home")), new DownloadSettings(Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1, Duration.ofMillis(10), Duration.ofSeconds(5)), null, true);
    }

    @Test
    void aTorchvisionPthFileLoadsAndIsHashed() throws IOException {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, 5, "conv2_1");
        Path file = folder.resolve("vgg19-features.pth");
        TorchFiles.writeZip(file, weights);
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "a.pth"),
                unreachable("vgg16", "b.pth"));
        try (Backbone backbone = loader.load(BackboneChoice.AUTO, file, 0, "conv2_1", Pooling.MAX, manager,
                events)) {
            assertThat(backbone.name()).isEqualTo("vgg19");
            assertThat(backbone.weightsSha256()).isEqualTo(WeightsFiles.sha256(file));
            assertThat(events.warnings()).isEmpty();
            // Same weights, same features as the network built directly from them.
            try (Vgg direct = Vgg.fromStateDict(VggArchitecture.VGG19, weights, "conv2_1", Pooling.MAX, manager,
                    ai.djl.ndarray.types.DataType.FLOAT32)) {
                NDArray image = manager.randomNormal(new Shape(1, 3, 16, 16));
                NDArray expected = direct.features(image, List.of("conv2_1")).get("conv2_1");
                NDArray actual = backbone.network().features(image, List.of("conv2_1")).get("conv2_1");
                assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
            }
        }
    }

    @Test
    void autoRecognisesVgg16FromItsKeysAndSafetensorsIsAccepted() throws IOException {
        Path file = folder.resolve("vgg16.safetensors");
        SafetensorsWriter.write(file, Vgg.randomStateDict(VggArchitecture.VGG16, 5, "conv4_1"));
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "a"), unreachable("vgg16", "b"));
        try (Backbone backbone = loader.load(BackboneChoice.AUTO, file, 0, "conv4_1", Pooling.MAX, manager,
                events)) {
            assertThat(backbone.name()).isEqualTo("vgg16");
        }
    }

    @Test
    void autoWithNothingCachedIsTheEmbeddedNetworkWithoutADownloadOrAWarning() throws IOException {
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "vgg19.safetensors"),
                unreachable("vgg16", "vgg16.safetensors"));
        assertThat(loader.resolve(BackboneChoice.AUTO, null)).isEqualTo(BackboneChoice.EMBEDDED);
        try (Backbone backbone = loader.load(BackboneChoice.AUTO, null, 7, "conv4_1", Pooling.MAX, manager,
                events)) {
            assertThat(backbone.name()).isEqualTo("embedded");
            assertThat(backbone.weightsSha256()).isEqualTo(EmbeddedVgg.SHA256);
            assertThat(backbone.network().deepestLayer()).isEqualTo("conv4_1");
            assertThat(events.warnings()).isEmpty();
        }
        // Nothing was even attempted: no partial file, no lock, no recorded digest in the cache.
        assertThat(folder.resolve("home")).doesNotExist();
    }

    @Test
    void autoIsTheFullVgg19OnceItIsCachedAndNeverRandom() throws IOException {
        KnownModel matching = cachedVgg19();
        BackboneLoader loader = new BackboneLoader(downloader(), matching, unreachable("vgg16", "b"));
        assertThat(loader.resolve(BackboneChoice.AUTO, null)).isEqualTo(BackboneChoice.VGG19);
        try (Backbone backbone = loader.load(BackboneChoice.AUTO, null, 0, "conv1_1", Pooling.MAX, manager,
                events)) {
            assertThat(backbone.name()).isEqualTo("vgg19");
        }
        // Every other choice stands for itself, and auto with a file reads the file.
        for (BackboneChoice choice : BackboneChoice.values()) {
            if (choice != BackboneChoice.AUTO) {
                assertThat(loader.resolve(choice, null)).isEqualTo(choice);
            }
        }
        assertThat(loader.resolve(BackboneChoice.AUTO, folder.resolve("mine.pth"))).isEqualTo(BackboneChoice.AUTO);
    }

    @Test
    void theEmbeddedNetworkRefusesAFileAndLayersPastConv41() throws IOException {
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "a"), unreachable("vgg16", "b"));
        assertThatThrownBy(() -> loader.load(BackboneChoice.EMBEDDED, folder.resolve("x.pth"), 0, "conv1_1",
                Pooling.MAX, manager, events))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("weights:")
                .hasMessageContaining("comes with Atelier");
        assertThatThrownBy(() -> loader.load(BackboneChoice.AUTO, null, 0, "conv5_1", Pooling.MAX, manager,
                events))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("ends at conv4_1, but conv5_1 was asked for")
                .hasMessageContaining("backbone vgg19")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anExplicitVgg19WithoutWeightsIsAnErrorNamingTheSources() throws IOException {
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "vgg19.safetensors"),
                unreachable("vgg16", "vgg16.safetensors"));
        assertThatThrownBy(() -> loader.load(BackboneChoice.VGG19, null, 7, "conv1_1", Pooling.MAX, manager,
                events))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("Give your own copy of vgg19 (vgg19.safetensors) as weights")
                .hasMessageContaining("ATELIER_MIRROR")
                .satisfies(failure -> assertThat(((DownloadFailedException) failure).missing())
                        .containsExactly("vgg19"));
    }

    /** A VGG-19 file in the cache, and a model (on a port where nothing listens) that it matches. */
    private KnownModel cachedVgg19() throws IOException {
        KnownModel known = unreachable("vgg19", "vgg19-cached.safetensors");
        Path cached = new WeightsCache(folder.resolve("home")).fileFor(known.files().get(0).sources().get(0));
        Files.createDirectories(cached.getParent());
        SafetensorsWriter.write(cached, Vgg.randomStateDict(VggArchitecture.VGG19, 9, "conv1_1"));
        // The cache trusts a file whose SHA-256 matches its source: give the source the file's real digest.
        return model("vgg19", "vgg19-cached.safetensors", WeightsFiles.sha256(cached));
    }

    @Test
    void cachedWeightsAreUsedWithoutAnyRequest() throws IOException {
        KnownModel matching = cachedVgg19();
        Path cached = new WeightsCache(folder.resolve("home")).fileFor(matching.files().get(0).sources().get(0));
        BackboneLoader loader = new BackboneLoader(downloader(), matching, unreachable("vgg16", "b"));
        try (Backbone backbone = loader.load(BackboneChoice.VGG19, null, 0, "conv1_1", Pooling.MAX, manager,
                events)) {
            assertThat(backbone.name()).isEqualTo("vgg19");
            assertThat(backbone.weightsSource()).isEqualTo(cached.toString());
        }
    }

    @Test
    void randomBackbonesNeedNoFileAndRefuseOne() throws IOException {
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "a"), unreachable("vgg16", "b"));
        try (Backbone backbone = loader.load(BackboneChoice.RANDOM_VGG16, null, 3, "conv3_3", Pooling.AVERAGE,
                manager, events)) {
            assertThat(backbone.name()).isEqualTo("random-vgg16");
            assertThat(backbone.weightsSha256()).hasSize(64);
        }
        assertThatThrownBy(() -> loader.load(BackboneChoice.RANDOM_VGG19, folder.resolve("x.pth"), 3, "conv1_1",
                Pooling.MAX, manager, events))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("weights:")
                .hasMessageContaining("backbone random-vgg19");
    }

    @Test
    void aWeightsFileWithoutVggTensorsIsRefused() throws IOException {
        Path file = folder.resolve("other.safetensors");
        SafetensorsWriter.write(file, new StateDict(file, java.util.Map.of("encoder.weight",
                new dev.atelier.weights.HostTensor(new long[] {2}, new float[2]))));
        BackboneLoader loader = new BackboneLoader(downloader(), unreachable("vgg19", "a"), unreachable("vgg16", "b"));
        assertThatThrownBy(() -> loader.load(BackboneChoice.AUTO, file, 3, "conv1_1", Pooling.MAX, manager,
                events))
                .isInstanceOf(BadInputException.class).hasMessageContaining("other.safetensors")
                .hasMessageContaining("features.0.weight");
    }
}
