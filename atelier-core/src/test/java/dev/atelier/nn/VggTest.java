package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.loss.GramMatrix;
import dev.atelier.loss.StyleLoss;
import dev.atelier.testing.GradientCheck;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VggTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void layerNamesMapToTorchvisionIndices() {
        // The indices the documents' code uses for torchvision's vgg19.features and vgg16.features.
        Map<String, Integer> vgg19 = Map.of("conv1_1", 0, "conv2_1", 5, "conv3_1", 10, "conv4_1", 19,
                "conv4_2", 21, "conv5_1", 28);
        vgg19.forEach((name, index) -> assertThat(VggArchitecture.VGG19.convolutions()
                .get(VggArchitecture.VGG19.indexOf(name)).featureIndex()).as(name).isEqualTo(index));
        Map<String, Integer> vgg16 = Map.of("conv1_1", 0, "conv2_1", 5, "conv3_1", 10, "conv4_1", 17,
                "conv4_2", 19, "conv5_1", 24, "conv3_3", 14);
        vgg16.forEach((name, index) -> assertThat(VggArchitecture.VGG16.convolutions()
                .get(VggArchitecture.VGG16.indexOf(name)).featureIndex()).as(name).isEqualTo(index));
        assertThat(VggArchitecture.VGG19.convolutions()).hasSize(16);
        assertThat(VggArchitecture.VGG16.convolutions()).hasSize(13);
    }

    @Test
    void reluNamesAreAliasesOfTheirConvolutions() {
        assertThat(VggArchitecture.VGG19.canonicalName("relu4_2")).isEqualTo("conv4_2");
        assertThat(VggArchitecture.VGG16.canonicalName("ReLU2_2")).isEqualTo("conv2_2");
    }

    @Test
    void unknownLayersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> VggArchitecture.VGG16.indexOf("conv3_4"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("conv3_4")
                .hasMessageContaining("vgg16");
        assertThatThrownBy(() -> VggArchitecture.VGG19.indexOf("pool5"))
                .isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void featuresHaveVggShapesAndArePostRelu() {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, 1, "conv5_1");
        try (Vgg vgg = Vgg.fromStateDict(VggArchitecture.VGG19, weights, "conv5_1", Pooling.MAX, manager,
                DataType.FLOAT32)) {
            NDArray image = manager.randomNormal(new Shape(1, 3, 64, 48));
            Map<String, NDArray> features = vgg.features(image, List.of("conv5_1", "conv1_1", "relu4_2"));
            assertThat(features.keySet()).containsExactly("conv1_1", "conv4_2", "conv5_1");
            assertThat(features.get("conv1_1").getShape()).isEqualTo(new Shape(1, 64, 64, 48));
            assertThat(features.get("conv4_2").getShape()).isEqualTo(new Shape(1, 512, 8, 6));
            assertThat(features.get("conv5_1").getShape()).isEqualTo(new Shape(1, 512, 4, 3));
            assertThat(features.get("conv4_2").min().getFloat()).isGreaterThanOrEqualTo(0f);
        }
    }

    @Test
    void onlyLayersUpToTheDeepestRequestedAreBuilt() {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, 1, "conv2_1");
        assertThat(weights.names()).containsExactly("features.0.weight", "features.0.bias", "features.2.weight",
                "features.2.bias", "features.5.weight", "features.5.bias");
        try (Vgg vgg = Vgg.fromStateDict(VggArchitecture.VGG19, weights, "conv2_1", Pooling.AVERAGE, manager,
                DataType.FLOAT32)) {
            assertThat(vgg.deepestLayer()).isEqualTo("conv2_1");
            assertThatThrownBy(() -> vgg.features(manager.zeros(new Shape(1, 3, 16, 16)), List.of("conv3_1")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void randomWeightsAreReproducibleFromTheSeed() {
        StateDict first = Vgg.randomStateDict(VggArchitecture.VGG16, 7, "conv1_2");
        StateDict again = Vgg.randomStateDict(VggArchitecture.VGG16, 7, "conv1_2");
        StateDict other = Vgg.randomStateDict(VggArchitecture.VGG16, 8, "conv1_2");
        assertThat(Vgg.contentHash(first)).isEqualTo(Vgg.contentHash(again)).isNotEqualTo(Vgg.contentHash(other));
        // He initialisation: standard deviation sqrt(2 / fan-in), fan-in 64 * 9 for conv1_2.
        float[] values = first.require("features.2.weight").values();
        double sumOfSquares = 0;
        for (float value : values) {
            sumOfSquares += value * value;
        }
        assertThat(Math.sqrt(sumOfSquares / values.length)).isCloseTo(Math.sqrt(2.0 / 576), org.assertj.core.data
                .Percentage.withPercentage(2));
    }

    @Test
    void wrongWeightShapesNameTheFileAndTensor() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(
                Vgg.randomStateDict(VggArchitecture.VGG19, 1, "conv1_2").asMap());
        tensors.put("features.2.weight", new HostTensor(new long[] {64, 3, 3, 3}, new float[64 * 27]));
        StateDict broken = new StateDict(Path.of("mine.pth"), tensors);
        assertThatThrownBy(() -> Vgg.fromStateDict(VggArchitecture.VGG19, broken, "conv1_2", Pooling.MAX, manager,
                DataType.FLOAT32))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("mine.pth").hasMessageContaining("features.2.weight");
    }

    @Test
    void styleLossThroughTheNetworkHasTheFiniteDifferenceGradient() {
        StateDict weights = Vgg.randomStateDict(VggArchitecture.VGG19, 3, "conv2_1");
        try (Vgg vgg = Vgg.fromStateDict(VggArchitecture.VGG19, weights, "conv2_1", Pooling.AVERAGE, manager,
                DataType.FLOAT64)) {
            NDArray target = GramMatrix.normalized(vgg.features(
                    manager.randomNormal(0, 1, new Shape(1, 3, 8, 8), DataType.FLOAT64), List.of("conv2_1"))
                    .get("conv2_1"));
            GradientCheck.assertGradientMatches(
                    x -> StyleLoss.layerLoss(vgg.features(x, List.of("conv2_1")).get("conv2_1"), target,
                            StyleLoss.Scaling.LAYER_SIZE),
                    manager.randomNormal(0, 1, new Shape(1, 3, 8, 8), DataType.FLOAT64), 10, 1e-4, 6);
        }
    }
}
