package dev.atelier.method.adain;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.time.Duration;
import dev.atelier.testing.SpecialFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.TorchFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading the AdaIN release files (and Atelier's decoders) and refusing pairs that do not belong together. */
class AdainModelsTest {
    private static final StateDict ENCODER_WEIGHTS = NormalisedVggEncoder.randomStateDict(7);
    private static final StateDict DECODER_WEIGHTS = AdainDecoder.initialStateDict(8);
    private static NDManager manager;

    @TempDir
    Path directory;

    /** The two layouts of {@code torch.save}: the AdaIN release files are in the legacy one. */
    enum Layout { LEGACY, ZIP }

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void encoderFromATorchSaveFileComputesTheReferenceNetwork(Layout layout) {
        // The release file holds vgg up to relu5_4; layers past relu4_1 must be skipped, not refused.
        StateDict withDeeperLayer = with(ENCODER_WEIGHTS, "32.weight",
                new HostTensor(new long[] {512, 512, 3, 3}, new float[512 * 512 * 9]));
        Path file = write(directory.resolve("vgg_normalised.pth"), withDeeperLayer, layout);
        // 18x13 makes every pooling meet an odd side, where ceil mode matters.
        float[] rgb = randomImage(3, 18, 13, 1);

        try (AdainEncoder encoder = AdainModels.loadEncoder(file, manager);
                NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> features = encoder.features(scope.create(rgb, new Shape(1, 3, 18, 13)));
            Map<String, float[][][]> expected = ReferenceNetworks.encoderFeatures(ENCODER_WEIGHTS,
                    ReferenceNetworks.picture(rgb, 3, 18, 13));

            assertThat(encoder.kind()).isEqualTo(AdainModels.EncoderKind.NORMALISED_VGG);
            assertThat(features.keySet()).containsExactly("relu1_1", "relu2_1", "relu3_1", "relu4_1");
            assertThat(features.get("relu4_1").getShape()).isEqualTo(new Shape(1, 512, 3, 2));
            for (String layer : AdainEncoder.LAYERS) {
                assertClose(features.get(layer).toFloatArray(), ReferenceNetworks.flatten(expected.get(layer)), layer);
            }
        }
    }

    @Test
    void firstLayerIsAOneByOneColourTransform() {
        // A 1x1 convolution with a known matrix, then relu1_1 passing its three channels through
        // (centre tap 1, bias 10 so the ReLU keeps them): relu1_1 = M·rgb + b + 10 at every pixel.
        float[][] matrix = {{0.5f, -1, 2}, {3, 0.25f, -0.5f}, {-2, 1, 1.5f}};
        float[] bias = {0.1f, -0.2f, 0.3f};
        float[] colour = new float[9];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 3; j++) {
                colour[k * 3 + j] = matrix[k][j];
            }
        }
        float[] passThrough = new float[64 * 3 * 9];
        float[] passBias = new float[64];
        for (int k = 0; k < 3; k++) {
            passThrough[(k * 3 + k) * 9 + 4] = 1;
            passBias[k] = 10;
        }
        StateDict weights = with(with(with(with(ENCODER_WEIGHTS,
                "0.weight", new HostTensor(new long[] {3, 3, 1, 1}, colour)),
                "0.bias", new HostTensor(new long[] {3}, bias)),
                "2.weight", new HostTensor(new long[] {64, 3, 3, 3}, passThrough)),
                "2.bias", new HostTensor(new long[] {64}, passBias));
        Path file = write(directory.resolve("vgg_normalised.pth"), weights, Layout.LEGACY);
        // The smallest picture that survives three poolings with a reflected border: 9 pixels a side.
        int pixels = 9 * 10;
        float[] rgb = randomImage(3, 9, 10, 3);

        try (AdainEncoder encoder = AdainModels.loadEncoder(file, manager);
                NDManager scope = manager.newSubManager()) {
            float[] relu11 = encoder.features(scope.create(rgb, new Shape(1, 3, 9, 10))).get("relu1_1").toFloatArray();

            for (int k = 0; k < 3; k++) {
                for (int pixel = 0; pixel < pixels; pixel++) {
                    double expected = bias[k] + 10;
                    for (int j = 0; j < 3; j++) {
                        expected += matrix[k][j] * rgb[j * pixels + pixel];
                    }
                    assertThat(relu11[k * pixels + pixel]).as("channel %d pixel %d", k, pixel)
                            .isCloseTo((float) expected, within(1e-5f));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void referenceDecoderFileComputesTheReferenceNetworkAndPairsWithVggNormalised(Layout layout) {
        Path file = write(directory.resolve("decoder.pth"), DECODER_WEIGHTS, layout);
        float[] features = randomImage(512, 2, 3, 2);
        for (int i = 0; i < features.length; i++) {
            features[i] = Math.max(0, features[i]);
        }

        AdainModels.LoadedDecoder loaded = AdainModels.readDecoder(file);
        try (AdainDecoder decoder = AdainDecoder.fromStateDict(loaded.weights(), manager);
                NDManager scope = manager.newSubManager()) {
            NDArray output = decoder.decode(scope.create(features, new Shape(1, 512, 2, 3)));

            assertThat(loaded.encoder()).isEqualTo(AdainModels.EncoderKind.NORMALISED_VGG);
            assertThat(output.getShape()).isEqualTo(new Shape(1, 3, 16, 24));
            assertClose(output.toFloatArray(), ReferenceNetworks.flatten(ReferenceNetworks.decode(DECODER_WEIGHTS,
                    ReferenceNetworks.picture(features, 512, 2, 3))), "decoder output");
        }
    }

    @Test
    void torchvisionVggFileIsTheOtherKindOfEncoder() {
        // A torchvision VGG-19 file (only the layers up to conv4_1, as if the rest were cut off).
        Path file = write(directory.resolve("vgg19.pth"),
                Vgg.randomStateDict(VggArchitecture.VGG19, 31, "conv4_1"), Layout.ZIP);

        try (AdainEncoder fromFile = AdainModels.loadEncoder(file, manager);
                AdainEncoder generated = TorchvisionVggEncoder.random(31, manager);
                NDManager scope = manager.newSubManager()) {
            NDArray image = scope.create(randomImage(3, 24, 16, 4), new Shape(1, 3, 24, 16));

            assertThat(fromFile.kind()).isEqualTo(AdainModels.EncoderKind.TORCHVISION_VGG19);
            assertThat(fromFile.randomSeed()).isEmpty();
            assertThat(fromFile.encode(image).getShape()).isEqualTo(new Shape(1, 512, 3, 2));
            assertThat(fromFile.encode(image).contentEquals(generated.encode(image))).isTrue();
        }
    }

    @Test
    void atelierDecoderRecordsItsEncoderAndIsRefusedWithAnotherKind() {
        Path decoderFile = directory.resolve("decoder.safetensors");
        Path encoderFile = write(directory.resolve("vgg_normalised.pth"), ENCODER_WEIGHTS,
                Layout.LEGACY);
        try (TorchvisionVggEncoder trainedOn = TorchvisionVggEncoder.random(5, manager);
                AdainEncoder given = AdainModels.loadEncoder(encoderFile, manager)) {
            AdainModels.writeDecoder(decoderFile, DECODER_WEIGHTS, trainedOn, null);
            AdainModels.LoadedDecoder decoder = AdainModels.readDecoder(decoderFile);

            assertThat(decoder.encoder()).isEqualTo(AdainModels.EncoderKind.TORCHVISION_VGG19);
            assertThat(decoder.encoderRandomSeed()).hasValue(5);
            assertThat(decoder.encoderSha256()).hasValue(trainedOn.weightsSha256());
            AdainModels.requireCompatible(decoderFile, decoder, trainedOn);
            assertThatThrownBy(() -> AdainModels.requireCompatible(decoderFile, decoder, given))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(decoderFile + ": this decoder was trained for the torchvision-vgg19 "
                            + "encoder, but the encoder given (naoto0804 vgg_normalised")
                    .hasMessageEndingWith("is a vgg_normalised encoder");
        }
    }

    @Test
    void otherEncoderWeightsOfTheRightKindOnlyWarn() {
        Path decoderFile = directory.resolve("decoder.safetensors");
        try (TorchvisionVggEncoder trainedOn = TorchvisionVggEncoder.random(5, manager);
                TorchvisionVggEncoder other = TorchvisionVggEncoder.random(6, manager)) {
            AdainModels.writeDecoder(decoderFile, DECODER_WEIGHTS, trainedOn, null);
            AdainModels.LoadedDecoder decoder = AdainModels.readDecoder(decoderFile);

            AdainModels.requireCompatible(decoderFile, decoder, other);
            assertThat(AdainModels.weightsMismatch(decoder, trainedOn)).isEmpty();
            assertThat(AdainModels.weightsMismatch(decoder, other)).hasValueSatisfying(warning ->
                    assertThat(warning).contains(trainedOn.weightsSha256(), other.weightsSha256()));
        }
    }

    @Test
    void decoderMissingATensorIsRefusedByName() {
        Path file = write(directory.resolve("decoder.pth"), without(DECODER_WEIGHTS, "28.bias"),
                Layout.LEGACY);

        assertThatThrownBy(() -> AdainDecoder.fromStateDict(AdainModels.readDecoder(file).weights(), manager))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": missing tensor '28.bias' (is this the right weights file?)");
    }

    @Test
    void tensorsOfTheWrongShapeAreRefusedByName() {
        StateDict narrow = with(DECODER_WEIGHTS, "1.weight",
                new HostTensor(new long[] {256, 256, 3, 3}, new float[256 * 256 * 9]));
        Path decoderFile = write(directory.resolve("decoder.pth"), narrow, Layout.ZIP);
        StateDict wide = with(ENCODER_WEIGHTS, "0.weight",
                new HostTensor(new long[] {3, 3, 3, 3}, new float[81]));
        Path encoderFile = write(directory.resolve("vgg.pth"), wide, Layout.ZIP);

        assertThatThrownBy(() -> AdainDecoder.fromStateDict(AdainModels.readDecoder(decoderFile).weights(), manager))
                .isInstanceOf(BadInputException.class)
                .hasMessage(decoderFile + ": tensor '1.weight' has shape [256, 256, 3, 3], expected [256, 512, 3, 3]");
        assertThatThrownBy(() -> AdainModels.loadEncoder(encoderFile, manager))
                .isInstanceOf(BadInputException.class)
                .hasMessage(encoderFile + ": tensor '0.weight' has shape [3, 3, 3, 3], expected [3, 3, 1, 1]");
    }

    @Test
    void encoderAndDecoderGivenTheWrongWayRoundAreNamed() {
        Path encoderFile = write(directory.resolve("vgg_normalised.pth"), ENCODER_WEIGHTS,
                Layout.LEGACY);
        Path decoderFile = write(directory.resolve("decoder.pth"), DECODER_WEIGHTS,
                Layout.LEGACY);

        assertThatThrownBy(() -> AdainModels.readDecoder(encoderFile))
                .isInstanceOf(BadInputException.class)
                .hasMessage(encoderFile + ": is an AdaIN encoder (VGG), not a decoder (give it as the encoder)");
        assertThatThrownBy(() -> AdainModels.loadEncoder(decoderFile, manager))
                .isInstanceOf(BadInputException.class)
                .hasMessage(decoderFile + ": is an AdaIN decoder, not an encoder (give it as the decoder)");
    }

    @Test
    void unrelatedWeightsAreNotTakenForAnEncoder() {
        Path file = directory.resolve("other.safetensors");
        SafetensorsWriter.write(file, Map.of("conv.weight", new HostTensor(new long[] {2}, new float[2])), Map.of());

        assertThatThrownBy(() -> AdainModels.loadEncoder(file, manager))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": not an AdaIN encoder");
    }

    @Test
    void aFileThatIsNoWeightsAtAllIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("decoder.pth"), "not a pickle");

        assertThatThrownBy(() -> AdainModels.readDecoder(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ");
    }

    static float[] randomImage(int channels, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[channels * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }

    /** Agreement up to float32 rounding, relative to the layer's scale. */
    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " size").hasSameSizeAs(expected);
        double scale = 1e-12;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(1e-4 * scale));
        }
    }

    private static Path write(Path file, StateDict stateDict, Layout layout) {
        if (layout == Layout.LEGACY) {
            TorchFiles.writeLegacy(file, stateDict);
        } else {
            TorchFiles.writeZip(file, stateDict);
        }
        return file;
    }

    /** The same tensors with one left out, as in a damaged file. */
    private static StateDict without(StateDict stateDict, String name) {
        Map<String, HostTensor> kept = new LinkedHashMap<>(stateDict.asMap());
        kept.remove(name);
        return new StateDict(stateDict.source(), kept);
    }

    /** The same tensors with one replaced or added. */
    private static StateDict with(StateDict stateDict, String name, HostTensor tensor) {
        Map<String, HostTensor> changed = new LinkedHashMap<>(stateDict.asMap());
        changed.put(name, tensor);
        return new StateDict(stateDict.source(), changed);
    }

    /** /dev/zero as the decoder used to be hashed for ever; a pipe blocked at opening. */
    @Test
    void pipesAndDevicesAreRefusedAsDecodersAndEncoders() {
        Path pipe = SpecialFiles.fifo(directory.resolve("decoder.pth"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> AdainModels.readDecoder(SpecialFiles.ZERO)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(SpecialFiles.ZERO + ": is a character device");
            assertThatThrownBy(() -> AdainModels.readDecoder(pipe)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(pipe + ": is a named pipe (FIFO)");
            assertThatThrownBy(() -> AdainModels.loadEncoder(SpecialFiles.RANDOM, manager))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(SpecialFiles.RANDOM + ": is a character device");
        });
    }

}
