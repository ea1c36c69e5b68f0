package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.models.ModelStore;
import dev.atelier.testing.SharedFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.TorchFiles;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.progress.RunListener;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gatys et al.'s normalised VGG-19, read from the AdaIN release's layout onto our layer names. */
class NormalisedVggBackboneTest {
    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path folder;

    @AfterEach
    void close() {
        manager.close();
    }

    private BackboneLoader loader() {
        return new BackboneLoader(new ModelStore(new WeightsCache(folder.resolve("cache")), DownloadSettings.defaults(),
                null, false));
    }

    private Backbone load(Path file, String deepest) {
        return loader().load(BackboneChoice.VGG19_NORMALISED, file, 0, deepest, Pooling.MAX, manager,
                RunListener.silent());
    }

    @Test
    void sequentialIndicesAreThoseOfPytorchAdain() {
        // net.py's vgg: 0 the colour layer, then (pad, conv, relu) per convolution and a pool per block.
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv1_1"))).isEqualTo(2);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv1_2"))).isEqualTo(5);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv2_1"))).isEqualTo(9);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv3_1"))).isEqualTo(16);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv4_1"))).isEqualTo(29);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv5_1"))).isEqualTo(42);
        assertThat(NormalisedVggLayout.sequentialIndex(VggArchitecture.VGG19.indexOf("conv5_4"))).isEqualTo(51);
    }

    @Test
    void theSharedReleaseRunsAndItsFirstLayerIsTheColourLayerThenConv11() {
        Path file = SharedFiles.normalisedVgg19();
        StateDict raw = WeightsFiles.read(file);
        try (Backbone backbone = load(file, "conv4_1")) {
            assertThat(backbone.name()).isEqualTo("vgg19-normalised");
            assertThat(backbone.network().deepestLayer()).isEqualTo("conv4_1");
            NDArray rgb = manager.randomUniform(0, 1, new Shape(1, 3, 24, 20));
            Map<String, NDArray> features = backbone.network().features(ImageNetNormalization.normalize(rgb),
                    List.of("relu1_1", "relu4_1"));
            // By hand from the file's own tensors: 1x1 colour layer on RGB in [0, 1], then conv1_1 and ReLU.
            NDArray colour = Layers.conv2d(rgb, array(raw.require("0.weight")), array(raw.require("0.bias")), 1, 0);
            NDArray expected = Layers.relu(Layers.conv2d(colour, array(raw.require("2.weight")),
                    array(raw.require("2.bias")), 1, 1));
            float scale = expected.abs().max().getFloat();
            assertThat(features.get("conv1_1").sub(expected).abs().max().getFloat()).isLessThan(1e-4f * scale);
            assertThat(features.get("conv4_1").getShape()).isEqualTo(new Shape(1, 512, 3, 2));
        }
    }

    @Test
    void aDeeperLayerThanTheFileHoldsIsOneLineNamingTheDeepestAvailable() {
        assertThatThrownBy(() -> load(SharedFiles.normalisedVgg19(), "conv5_1"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds layers up to conv4_1 only")
                .hasMessageContaining("conv5_1")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFloat32PthAndASafetensorsCopyGiveTheSameNetwork() {
        StateDict weights = randomNormalised(3, "conv2_1");
        Path pth = folder.resolve("vgg_normalised.pth");
        Path safetensors = folder.resolve("vgg_normalised.safetensors");
        TorchFiles.writeZip(pth, weights);
        SafetensorsWriter.write(safetensors, weights);
        try (Backbone fromPth = load(pth, "conv2_1"); Backbone fromSafetensors = load(safetensors, "relu2_1")) {
            NDArray image = manager.randomNormal(new Shape(1, 3, 16, 16));
            NDArray first = fromPth.network().features(image, List.of("conv2_1")).get("conv2_1");
            NDArray second = fromSafetensors.network().features(image, List.of("conv2_1")).get("conv2_1");
            assertThat(first.sub(second).abs().max().getFloat()).isZero();
        }
    }

    @Test
    void aNormalisedFileGivenAsTorchvisionVggIsOneLinePointingToTheRightBackbone() {
        assertThatThrownBy(() -> loader().load(BackboneChoice.VGG19, SharedFiles.normalisedVgg19(), 0, "conv1_1",
                Pooling.MAX, manager, RunListener.silent()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("vgg19-normalised");
    }

    private NDArray array(HostTensor tensor) {
        return manager.create(tensor.values(), new Shape(tensor.shape()));
    }

    /** Random weights in the pytorch-AdaIN layout up to {@code deepest}. */
    private static StateDict randomNormalised(long seed, String deepest) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", gaussian(random, 3, 3, 1, 1));
        tensors.put("0.bias", gaussian(random, 3));
        for (int i = 0; i <= VggArchitecture.VGG19.indexOf(deepest); i++) {
            VggArchitecture.ConvolutionLayer layer = VggArchitecture.VGG19.convolutions().get(i);
            int index = NormalisedVggLayout.sequentialIndex(i);
            tensors.put(index + ".weight", gaussian(random, layer.outputChannels(), layer.inputChannels(), 3, 3));
            tensors.put(index + ".bias", gaussian(random, layer.outputChannels()));
        }
        return new StateDict(Path.of("random-normalised"), tensors);
    }

    private static HostTensor gaussian(SplittableRandom random, long... shape) {
        float[] values = new float[(int) HostTensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
        }
        return new HostTensor(shape, values);
    }
}
