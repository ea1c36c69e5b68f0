package dev.atelier.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.optim.FunctionValue;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The relative scaling gives the same losses, hence the same weighting of content against style
 * and the same gradient, on a network and on the same network with every filter scaled by a
 * constant (a different one per layer, as the normalised VGG-19 differs from torchvision's); the
 * documents' scaling does not.
 */
class ScaledNetworkTest {
    private static final String DEEPEST = "conv5_1";
    private static final double[] FACTORS = {3.0, 0.25, 2.0, 0.5, 5.0};

    @Test
    void relativeLossesAndTheirGradientDoNotChangeWhenFiltersAreScaled() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StateDict weights = withBiases(Vgg.randomStateDict(VggArchitecture.VGG19, 2, DEEPEST), false);
            StateDict scaled = withBiases(Vgg.randomStateDict(VggArchitecture.VGG19, 2, DEEPEST), true);
            try (Vgg plain = Vgg.fromStateDict(VggArchitecture.VGG19, weights, DEEPEST, Pooling.MAX, manager,
                    DataType.FLOAT32);
                    Vgg rescaled = Vgg.fromStateDict(VggArchitecture.VGG19, scaled, DEEPEST, Pooling.MAX, manager,
                            DataType.FLOAT32)) {
                NDArray photo = manager.randomNormal(0, 1, new Shape(1, 3, 48, 48), DataType.FLOAT32);
                NDArray painting = manager.randomNormal(0, 1, new Shape(1, 3, 40, 56), DataType.FLOAT32);
                NDArray point = manager.randomNormal(0, 1, new Shape(1, 3, 48, 48), DataType.FLOAT32);
                Outcome first = evaluate(plain, photo, painting, point, true, manager);
                Outcome second = evaluate(rescaled, photo, painting, point, true, manager);
                assertThat(second.content).isCloseTo(first.content,
                        org.assertj.core.data.Percentage.withPercentage(1e-2));
                assertThat(second.style).isCloseTo(first.style, org.assertj.core.data.Percentage.withPercentage(1e-2));
                assertThat(cosine(first.gradient, second.gradient)).isGreaterThan(0.99999);
                Outcome documentsFirst = evaluate(plain, photo, painting, point, false, manager);
                Outcome documentsSecond = evaluate(rescaled, photo, painting, point, false, manager);
                // The features really are on another scale: the documents' content term changes by
                // the square of conv4_2's factor.
                assertThat(documentsSecond.content / documentsFirst.content).isNotCloseTo(1,
                        org.assertj.core.data.Offset.offset(0.5));
                double ratioFirst = documentsFirst.style / documentsFirst.content;
                double ratioSecond = documentsSecond.style / documentsSecond.content;
                // The documents' weighting shifts: here by a factor of 4 between style and content.
                assertThat(Math.abs(Math.log(ratioFirst / ratioSecond))).as("documents' style/content ratios "
                        + "%s and %s", ratioFirst, ratioSecond).isGreaterThan(Math.log(2));
            }
        }
    }

    private record Outcome(double content, double style, float[] gradient) {}

    private static Outcome evaluate(Vgg network, NDArray photo, NDArray painting, NDArray point, boolean relative,
            NDManager manager) {
        List<String> styleLayers = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");
        Map<String, Double> layerWeights = new LinkedHashMap<>();
        double[] documentsWeights = {1, 0.8, 0.5, 0.3, 0.1};
        for (int i = 0; i < styleLayers.size(); i++) {
            layerWeights.put(styleLayers.get(i), documentsWeights[i]);
        }
        try (NDManager scope = manager.newSubManager()) {
            ContentLoss content = new ContentLoss(network.features(photo, List.of("conv4_2")), relative
                    ? ContentLoss.Scaling.RELATIVE : ContentLoss.Scaling.MEAN_SQUARE, scope);
            StyleLoss style = new StyleLoss(StyleLoss.targetsFrom(network.features(painting, styleLayers)),
                    layerWeights, relative ? StyleLoss.Scaling.RELATIVE : StyleLoss.Scaling.LAYER_SIZE, scope);
            try (PerceptualObjective objective = new PerceptualObjective(network,
                    List.of(new WeightedTerm(content, 1), new WeightedTerm(style, 1e3)))) {
                FunctionValue<LossValues> value = objective.evaluate(point, scope);
                return new Outcome(value.detail().term("content"), value.detail().term("style"),
                        value.gradient().toFloatArray());
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }

    /**
     * The weights with small seeded biases; when {@code scale}, every layer's weights multiplied by
     * its factor and its bias by the product of the factors so far, which scales each layer's output
     * by that product (ReLU and pooling commute with positive factors).
     */
    private static StateDict withBiases(StateDict weights, boolean scale) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        double product = 1;
        List<VggArchitecture.ConvolutionLayer> layers = VggArchitecture.VGG19.convolutions();
        for (int i = 0; i <= VggArchitecture.VGG19.indexOf(DEEPEST); i++) {
            VggArchitecture.ConvolutionLayer layer = layers.get(i);
            double factor = scale ? FACTORS[i % FACTORS.length] : 1;
            product *= factor;
            HostTensor weight = weights.require(layer.weightKey());
            float[] values = weight.values().clone();
            for (int k = 0; k < values.length; k++) {
                values[k] *= (float) factor;
            }
            float[] bias = new float[layer.outputChannels()];
            for (int k = 0; k < bias.length; k++) {
                bias[k] = (float) (random.nextGaussian() * 0.05 * product);
            }
            tensors.put(layer.weightKey(), new HostTensor(weight.shape(), values));
            tensors.put(layer.biasKey(), new HostTensor(new long[] {bias.length}, bias));
        }
        return new StateDict(Path.of("scaled"), tensors);
    }
}
