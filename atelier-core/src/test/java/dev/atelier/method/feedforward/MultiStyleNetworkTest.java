package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.nn.Layers;
import dev.atelier.testing.GradientCheck;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network of several paintings (Dumoulin et al. 2017): conditional instance normalisation picks
 * each painting's scale and shift, or blends them, and its gradient reaches only the paintings used.
 */
class MultiStyleNetworkTest {
    private static final int PAINTINGS = 3;

    @TempDir
    Path folder;

    /** Seeded convolutions, and each painting's scales and shifts drawn differently. */
    static StateDict weights(TransformerLayout layout, int paintings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        TransformerNetwork.initialStateDict(layout, paintings, seed).asMap().forEach((name, tensor) -> {
            float[] values = tensor.values().clone();
            if (TransformerNetwork.normParameters(layout).contains(name)) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (name.endsWith("weight") ? 0.5 + random.nextDouble() : random.nextDouble() - 0.5);
                }
            }
            tensors.put(name, new HostTensor(tensor.shape(), values));
        });
        return new StateDict(Path.of("multi"), tensors);
    }

    /** A network of one painting whose scales and shifts are {@code Σ mix_p · row_p} of the multi network's. */
    static StateDict blended(TransformerLayout layout, StateDict multi, double[] mix) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        multi.asMap().forEach((name, tensor) -> {
            if (!TransformerNetwork.normParameters(layout).contains(name)) {
                tensors.put(name, tensor);
                return;
            }
            int channels = (int) tensor.shape()[1];
            float[] row = new float[channels];
            for (int p = 0; p < mix.length; p++) {
                for (int c = 0; c < channels; c++) {
                    row[c] += (float) (mix[p] * tensor.values()[p * channels + c]);
                }
            }
            tensors.put(name, new HostTensor(new long[] {channels}, row));
        });
        return new StateDict(Path.of("blend"), tensors);
    }

    private static float[] run(StyleNetwork network, NDArray image) {
        return network.forward(image).toFloatArray();
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as("element %d", i).isLessThan(tolerance);
        }
    }

    @Test
    void eachPaintingAndEachBlendIsTheNetworkOfThoseScalesAndShifts() {
        for (TransformerLayout layout : List.of(TransformerLayout.PYTORCH_EXAMPLES, TransformerLayout.TENSORFLOW)) {
            StateDict multi = weights(layout, PAINTINGS, 4);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray image = manager.randomUniform(0, 255, new Shape(2, 3, 20, 24));
                TransformerNetwork network = TransformerNetwork.fromStateDict(layout, PAINTINGS, multi, manager);
                for (double[] mix : List.of(new double[] {0, 1, 0}, new double[] {0.5, 0.5, 0},
                        new double[] {0.2, 0.3, 0.5})) {
                    float[] expected;
                    try (TransformerNetwork single = TransformerNetwork.fromStateDict(layout,
                            blended(layout, multi, mix), manager)) {
                        expected = run(single, image);
                    }
                    assertClose(network.forward(image, manager.create(PaintingMix.normalised(mix, PAINTINGS),
                            new Shape(1, PAINTINGS))).toFloatArray(), expected, 1e-2);
                }
                // No mix is the first painting; weights are scaled to sum to 1.
                try (TransformerNetwork first = TransformerNetwork.fromStateDict(layout,
                        blended(layout, multi, new double[] {1, 0, 0}), manager)) {
                    assertClose(run(network, image), run(first, image), 1e-2);
                }
                StyleNetwork unscaled = network.mixing(new double[] {2, 2, 0});
                try (TransformerNetwork half = TransformerNetwork.fromStateDict(layout,
                        blended(layout, multi, new double[] {0.5, 0.5, 0}), manager)) {
                    assertClose(run(unscaled, image), run(half, image), 1e-2);
                }
                unscaled.close();
            }
        }
    }

    @Test
    void eachImageOfABatchCanHaveItsOwnPainting() {
        StateDict multi = weights(TransformerLayout.PYTORCH_EXAMPLES, PAINTINGS, 5);
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(TransformerLayout.PYTORCH_EXAMPLES,
                        PAINTINGS, multi, manager)) {
            NDArray batch = manager.randomUniform(0, 255, new Shape(3, 3, 16, 20));
            int[] paintings = {2, 0, 2};
            float[] together = network.forward(batch, PaintingMix.rows(manager, PAINTINGS, paintings)).toFloatArray();
            NDList alone = new NDList();
            for (int i = 0; i < paintings.length; i++) {
                alone.add(network.forward(batch.get(i + ":" + (i + 1)),
                        PaintingMix.oneHot(manager, PAINTINGS, paintings[i], 1)));
            }
            assertClose(together, NDArrays.concat(alone, 0).toFloatArray(), 1e-3);
            assertThatThrownBy(() -> network.forward(batch, PaintingMix.oneHot(manager, PAINTINGS, 0, 2)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void conditionalNormalisationHasTheGradientOfItsDefinition() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.randomNormal(0, 2, new Shape(2, 3, 4, 5), DataType.FLOAT64);
            NDArray shifts = manager.randomNormal(0, 1, new Shape(4, 3), DataType.FLOAT64);
            NDArray mix = manager.create(new double[] {0, 0.25, 0.75, 0, 1, 0, 0, 0}, new Shape(2, 4));
            NDArray weights = manager.randomNormal(0, 1, new Shape(2, 3, 4, 5), DataType.FLOAT64);
            NDArray scales = manager.randomUniform(0.5f, 1.5f, new Shape(4, 3)).toType(DataType.FLOAT64, true);
            GradientCheck.assertGradientMatches(point -> TransformerNetwork.conditionalInstanceNorm(input, point,
                    shifts, mix, 1e-5).mul(weights).sum(), scales, 12, 1e-4, 3);
            GradientCheck.assertGradientMatches(point -> TransformerNetwork.conditionalInstanceNorm(point, scales,
                    shifts, mix, 1e-5).mul(weights).sum(), input, 12, 1e-4, 4);
            // One row of the mix picks one row of the parameters: plain instance normalisation.
            NDArray picked = TransformerNetwork.conditionalInstanceNorm(input, scales, shifts,
                    manager.create(new double[] {0, 0, 1, 0}, new Shape(1, 4)), 1e-5);
            NDArray plain = Layers.instanceNorm(input, scales.get("2"), shifts.get("2"), 1e-5);
            assertClose(picked.toType(DataType.FLOAT32, false).toFloatArray(),
                    plain.toType(DataType.FLOAT32, false).toFloatArray(), 1e-5);
        }
    }

    @Test
    void aPaintingNoImageUsesGetsNoGradient() {
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(TransformerLayout.PYTORCH_EXAMPLES,
                        PAINTINGS, weights(TransformerLayout.PYTORCH_EXAMPLES, PAINTINGS, 6), manager)) {
            NDArray scales = network.parameters().get("res2.in1.weight");
            scales.setRequiresGradient(true);
            NDArray batch = manager.randomUniform(0, 255, new Shape(2, 3, 16, 16));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                collector.backward(network.forward(batch, PaintingMix.rows(manager, PAINTINGS, new int[] {0, 2}))
                        .square().mean());
            }
            float[] gradient = scales.getGradient().toFloatArray();
            int channels = (int) scales.getShape().get(1);
            double used = 0;
            for (int c = 0; c < channels; c++) {
                assertThat(gradient[channels + c]).as("painting 2's scale %d", c).isZero();
                used += Math.abs(gradient[c]) + Math.abs(gradient[2 * channels + c]);
            }
            assertThat(used).isPositive();
        }
    }

    @Test
    void modelFilesKeepThePaintingsNamesAndTheOptionsPickOrBlendThem() {
        StateDict multi = weights(TransformerLayout.PYTORCH_EXAMPLES, PAINTINGS, 7);
        Path file = folder.resolve("three.safetensors");
        ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, multi, null, null, null,
                List.of("candy.jpg", "mosaic.jpg", "udnie.jpg"), null));

        assertThat(ModelFile.paintings(file)).containsExactly("candy.jpg", "mosaic.jpg", "udnie.jpg");
        ModelFile.Model model = FeedForwardModels.read(file);
        assertThat(model.styleCount()).isEqualTo(3);
        assertThat(FeedForwardOptions.SCHEMA.parse(Map.of("style-index", "2")).paintingWeights(3, "x"))
                .containsExactly(0, 1, 0);
        assertThat(FeedForwardOptions.SCHEMA.parse(Map.of("style-weights", "0.5,0.5,0")).paintingWeights(3, "x"))
                .containsExactly(0.5, 0.5, 0);
        assertThat(FeedForwardSession.painting(file, model, new double[] {0, 0, 1})).isEqualTo("udnie.jpg");
        assertThat(FeedForwardSession.painting(file, model, new double[] {1, 3, 0}))
                .isEqualTo("0.250 candy.jpg + 0.750 mosaic.jpg");

        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-index", "4")).paintingWeights(3,
                file.toString())).isInstanceOf(InvalidOptionException.class).hasMessageContaining("holds 3 paintings");
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-weights", "1,1"))
                .paintingWeights(3, "x")).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("gives 2 weights");
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-weights", "1,-1,1")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-weights", "0,0")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("above 0");
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-weights", "1,1", "style-index", "2")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("cannot be given together");
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-index", "0")))
                .isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> FeedForwardOptions.SCHEMA.parse(Map.of("style-index", "2")).paintingWeights(1,
                "one.safetensors")).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("holds 1 painting");
    }

    @Test
    void aModelFileWhosePaintingsDoNotMatchItsWeightsIsRefused() {
        StateDict multi = weights(TransformerLayout.PYTORCH_EXAMPLES, PAINTINGS, 8);
        Path file = folder.resolve("two-names.safetensors");
        ModelFile.write(file, new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, multi, null, null, null,
                List.of("a", "b"), null));

        assertThatThrownBy(() -> FeedForwardModels.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected [2, 32]");
        assertThatThrownBy(() -> new ModelFile.Model(TransformerLayout.PYTORCH_EXAMPLES, multi, null, null, null,
                List.of("a"), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
