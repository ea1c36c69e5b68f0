package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.UnavailableException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.GramMatrix;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.progress.RunListener;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The normalised VGG-19 that ships inside Atelier: its bytes are the ones its provenance describes,
 * it loads, and it is the shared float16 copy exactly (so the pictures are the same).
 */
class EmbeddedVggTest {
    private static final List<String> LAYERS = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1");

    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path folder;

    @AfterEach
    void close() {
        manager.close();
    }

    private static byte[] resource() throws IOException {
        try (InputStream stream = EmbeddedVgg.class.getResourceAsStream(EmbeddedVgg.RESOURCE)) {
            assertThat(stream).as("resource %s", EmbeddedVgg.RESOURCE).isNotNull();
            return stream.readAllBytes();
        }
    }

    @Test
    void theResourceHasTheDigestAndSizeItsProvenanceStatesAndStaysSmall() throws IOException {
        byte[] bytes = resource();
        assertThat(bytes).hasSize(EmbeddedVgg.BYTES);
        assertThat(EmbeddedVgg.sha256(bytes)).isEqualTo(EmbeddedVgg.SHA256)
                .isEqualTo("2e87763b78071dcdeb99f12750d956a094e76c3c2922435ddbd16d2d85f5f151");
        // Half the float16 file: the repository stays small.
        assertThat(bytes.length).isLessThan(4_000_000);
        String provenance;
        try (InputStream stream = EmbeddedVgg.class.getResourceAsStream(
                "vgg19-normalised-relu4_1.PROVENANCE.md")) {
            provenance = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(provenance).contains(EmbeddedVgg.SHA256).contains("3,513,619 bytes");
        assertThat(EmbeddedVgg.class.getResource("vgg19-normalised-relu4_1.LICENSE")).isNotNull();
    }

    @Test
    void itLoadsEveryLayerToConv41InThePytorchAdainLayoutAndNothingDeeper() {
        StateDict weights = EmbeddedVgg.stateDict();
        assertThat(weights.names()).containsExactlyInAnyOrderElementsOf(NormalisedVggLayout.keysUpTo("conv4_1"));
        assertThat(NormalisedVggLayout.deepestAvailable(weights.names())).isEqualTo(EmbeddedVgg.DEEPEST_LAYER);
        weights.require("29.weight", 512, 256, 3, 3);
        weights.require("0.weight", 3, 3, 1, 1);
    }

    @Test
    void aDamagedCopyIsRefusedInOneLineNamingBothDigests() throws IOException {
        byte[] bytes = resource();
        bytes[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> EmbeddedVgg.verified(bytes))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining(EmbeddedVgg.SHA256)
                .hasMessageContaining(EmbeddedVgg.sha256(bytes))
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
        byte[] longer = java.util.Arrays.copyOf(resource(), EmbeddedVgg.BYTES + 1);
        assertThatThrownBy(() -> EmbeddedVgg.verified(longer)).isInstanceOf(UnavailableException.class);
    }

    /** By hand: codes 0, 2, 1, 2 into the table (-1, 0.5, 2) are -1, 2, 0.5, 2; a plain F16 tensor is itself. */
    @Test
    void codesDecodeThroughTheirTableAndOtherTensorsAreHalfFloats() {
        String header = "{\"w.codes\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]},"
                + "\"w.values\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[4,10]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[10,12]}}";
        byte[] json = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        file.put(new byte[] {0, 2, 1, 2});
        // -1, 0.5, 2 and 0.25 in IEEE binary16.
        file.putShort((short) 0xbc00).putShort((short) 0x3800).putShort((short) 0x4000).putShort((short) 0x3400);
        StateDict decoded = EmbeddedVgg.decode(file.array());
        assertThat(decoded.require("w", 2, 2).values()).containsExactly(-1f, 2f, 0.5f, 2f);
        assertThat(decoded.require("b", 1).values()).containsExactly(0.25f);
        assertThat(decoded.names()).containsExactly("w", "b");
    }

    @Test
    void aCodeBeyondItsTableIsRefusedAsMalformed() {
        String header = "{\"w.codes\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w.values\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[1,3]}}";
        byte[] json = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 3).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json).put((byte) 1).putShort((short) 0x3c00);
        assertThatThrownBy(() -> EmbeddedVgg.decode(file.array())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("code 1 of a table of 1");
    }

    // Against the project's shared float16 copy (../shared), which the embedded file was made from.

    @Test
    void packingTheSharedFileGivesTheEmbeddedFileByteForByte() throws IOException {
        Path shared = SharedFiles.normalisedVgg19();
        byte[] source = Files.readAllBytes(shared);
        assertThat(EmbeddedVggPacking.pack(source, WeightsFiles.sha256(shared))).isEqualTo(resource());
    }

    @Test
    void everyWeightIsTheSharedFloat16ValueExactly() {
        StateDict shared = WeightsFiles.read(SharedFiles.normalisedVgg19());
        StateDict embedded = EmbeddedVgg.stateDict();
        assertThat(embedded.names()).containsExactlyInAnyOrderElementsOf(shared.names());
        for (Map.Entry<String, HostTensor> entry : shared.asMap().entrySet()) {
            HostTensor mine = embedded.asMap().get(entry.getKey());
            assertThat(mine.shape()).as(entry.getKey()).containsExactly(entry.getValue().shape());
            assertThat(mine.values()).as(entry.getKey()).isEqualTo(entry.getValue().values());
        }
    }

    /**
     * The stated tolerance: features and Gram matrices of a real photo at every style layer within
     * 1e-6 of their largest value (the weights are the same, so only the order of floating-point
     * operations could differ; in fact the difference is 0).
     */
    @Test
    void featuresAndGramMatricesOfAPhotoMatchTheSharedFile() {
        BackboneLoader loader = new BackboneLoader(new ModelStore(new WeightsCache(folder.resolve("cache")),
                DownloadSettings.defaults(), null, false));
        RgbImage photo = Resampler.fitLongestSide(new ImageLoader().read(
                SharedFiles.projectRoot().resolve("examples/photos/eilean-donan.jpg")), 192);
        try (Backbone embedded = loader.load(BackboneChoice.EMBEDDED, null, 0, "conv4_1", Pooling.MAX, manager,
                RunListener.silent());
                Backbone shared = loader.load(BackboneChoice.VGG19_NORMALISED, SharedFiles.normalisedVgg19(), 0,
                        "conv4_1", Pooling.MAX, manager, RunListener.silent())) {
            NDArray input = ImageNetNormalization.normalize(ImageTensors.toTensor(manager, photo));
            Map<String, NDArray> mine = embedded.network().features(input, LAYERS);
            Map<String, NDArray> theirs = shared.network().features(input, LAYERS);
            for (String layer : LAYERS) {
                NDArray a = mine.get(layer);
                NDArray b = theirs.get(layer);
                float scale = b.abs().max().getFloat();
                assertThat(scale).as(layer).isPositive();
                assertThat(a.sub(b).abs().max().getFloat()).as(layer).isLessThanOrEqualTo(1e-6f * scale);
                NDArray gramA = GramMatrix.of(a);
                NDArray gramB = GramMatrix.of(b);
                float gramScale = gramB.abs().max().getFloat();
                assertThat(gramA.sub(gramB).abs().max().getFloat()).as(layer).isLessThanOrEqualTo(1e-6f * gramScale);
            }
            assertThat(mine.get("conv4_1").getShape()).isEqualTo(new Shape(1, 512, 16, 24));
        }
    }
}
