package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.io.RgbImage;
import dev.atelier.testing.TestPictures;
import dev.atelier.testing.TorchSaveFiles;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.torch7.Torch7Writer;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One network in three formats: pytorch/examples' TransformerNet as a {@code .pth} state dict, as
 * the ONNX model zoo exports it, and written as a Torch7 network of the same architecture
 * (reflection padding, instance normalisation, residual ConcatTable/CAddTable blocks, nearest
 * upsampling then convolution). Its weights agree with the others' up to what VGG preprocessing
 * asks of a Torch7 network: the first convolution takes BGR minus the mean pixel, the last gives
 * it. All three repaint a photo alike.
 */
class SameNetworkAcrossFormatsTest {
    private static final double[] MEAN_RGB = {123.68, 116.779, 103.939};

    @TempDir
    static Path folder;

    private static StateDict weights;
    private static Path pth;
    private static Path onnx;
    private static Path torch7;

    @BeforeAll
    static void writeTheNetworkThreeWays() {
        // Initial weights with the instance norms' scales and shifts drawn too, so every parameter matters.
        SplittableRandom random = new SplittableRandom(5);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 11).asMap().forEach((name, tensor) -> {
            float[] values = tensor.values().clone();
            if (name.startsWith("in") || name.contains(".in")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (name.endsWith("weight") ? 0.5 + random.nextDouble() : random.nextDouble() - 0.5);
                }
            }
            tensors.put(name, new HostTensor(tensor.shape(), values));
        });
        weights = new StateDict(Path.of("weights"), tensors);
        pth = folder.resolve("mosaic.pth");
        TorchSaveFiles.writeLegacy(pth, weights.asMap());
        onnx = folder.resolve("mosaic.onnx");
        OnnxTransformerNet.write(onnx, weights, null, OnnxTransformerNet.Variation.FAITHFUL);
        torch7 = Torch7Writer.write(folder.resolve("mosaic.t7"), Table.of("model", transformerNet(weights),
                "opt", Table.of("preprocessing", "vgg")));
    }

    @Test
    void theThreeFilesGiveTheSamePicture() {
        RgbImage photo = TestPictures.photo(44, 36, 3);
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork fromPth = FeedForwardModels.load(pth, manager);
                StyleNetwork fromOnnx = FeedForwardModels.load(onnx, manager);
                StyleNetwork fromTorch7 = FeedForwardModels.load(torch7, manager)) {
            assertThat(fromTorch7).isInstanceOf(ModuleNetwork.class);
            NDArray image = manager.randomUniform(0, 255, new Shape(1, 3, 36, 44));
            float[] expected = fromPth.forward(image).toFloatArray();
            assertThat(maximumDifference(fromOnnx.forward(image).toFloatArray(), expected)).isLessThan(1e-3);
            // Float rounding differs (the fold, upsampling by repetition instead of summed taps).
            assertThat(maximumDifference(fromTorch7.forward(image).toFloatArray(), expected))
                    .isLessThan(2e-3 * largest(expected));

            float[] picture = new FeedForwardStylizer(fromPth).stylize(photo).planes();
            float[] same = new FeedForwardStylizer(fromTorch7).stylize(photo).planes();
            assertThat(maximumDifference(same, picture)).isLessThan(0.5 / 255);
        }
    }

    @Test
    void aDifferentWeightIsSeen() {
        // The comparison can fail: one changed shift in the Torch7 file changes the picture (a
        // convolution's bias would not: the instance norm after it removes any constant).
        Map<String, HostTensor> changed = new LinkedHashMap<>(weights.asMap());
        HostTensor bias = changed.get("res3.in1.bias");
        float[] values = bias.values().clone();
        values[0] += 0.5f;
        changed.put("res3.in1.bias", new HostTensor(bias.shape(), values));
        Path other = Torch7Writer.write(folder.resolve("other.t7"), transformerNet(new StateDict(Path.of("x"), changed)));
        try (NDManager manager = NDManager.newBaseManager();
                StyleNetwork fromPth = FeedForwardModels.load(pth, manager);
                StyleNetwork fromTorch7 = FeedForwardModels.load(other, manager)) {
            NDArray image = manager.randomUniform(0, 255, new Shape(1, 3, 32, 32));
            float[] expected = fromPth.forward(image).toFloatArray();
            assertThat(maximumDifference(fromTorch7.forward(image).toFloatArray(), expected))
                    .isGreaterThan(1e-2 * largest(expected));
        }
    }

    private static double maximumDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference = Math.max(difference, Math.abs(a[i] - b[i]));
        }
        return difference;
    }

    private static double largest(float[] values) {
        double largest = 1;
        for (float value : values) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }

    /** TransformerNet as Torch7 modules, with the VGG preprocessing folded into the end convolutions. */
    static TorchObject transformerNet(StateDict weights) {
        List<Object> modules = new ArrayList<>();
        List<TransformerNetwork.ConvolutionSpec> specs = TransformerNetwork.convolutions(
                TransformerLayout.PYTORCH_EXAMPLES);
        for (int i = 0; i < specs.size(); i++) {
            TransformerNetwork.ConvolutionSpec spec = specs.get(i);
            if (spec.name().startsWith("res")) {
                if (spec.name().endsWith("conv1")) {
                    List<Object> branch = new ArrayList<>(block(weights, spec, true));
                    branch.addAll(block(weights, specs.get(i + 1), false));
                    TorchObject concat = new TorchObject("nn.ConcatTable", Table.of("modules", Table.list(
                            new TorchObject("nn.Sequential", Table.of("modules", Table.list(branch.toArray()))),
                            new TorchObject("nn.Identity", Table.of()))));
                    modules.add(new TorchObject("nn.Sequential", Table.of("modules", Table.list(concat,
                            new TorchObject("nn.CAddTable", Table.of())))));
                }
                continue;
            }
            if (spec.upsampling()) {
                modules.add(new TorchObject("nn.SpatialUpSamplingNearest", Table.of("scale_factor", 2)));
            }
            modules.addAll(block(weights, spec, spec.norm() != null));
        }
        return new TorchObject("nn.Sequential", Table.of("modules", Table.list(modules.toArray())));
    }

    /** Reflection padding, convolution, instance norm and (when {@code relu}) ReLU for one layer. */
    private static List<Object> block(StateDict weights, TransformerNetwork.ConvolutionSpec spec, boolean relu) {
        int pad = spec.kernel() / 2;
        float[] weight = weights.require(spec.name() + ".conv2d.weight").values().clone();
        float[] bias = weights.require(spec.name() + ".conv2d.bias").values().clone();
        int in = spec.inputChannels();
        int out = spec.outputChannels();
        int taps = spec.kernel() * spec.kernel();
        if (spec.name().equals("conv1")) {
            // The Torch7 network sees BGR minus the mean: swap the input channels, and move the mean
            // the reflection-padded input lost into the bias.
            float[] folded = new float[weight.length];
            for (int o = 0; o < out; o++) {
                double shift = 0;
                for (int c = 0; c < in; c++) {
                    for (int t = 0; t < taps; t++) {
                        folded[(o * in + (2 - c)) * taps + t] = weight[(o * in + c) * taps + t];
                        shift += weight[(o * in + c) * taps + t] * MEAN_RGB[c];
                    }
                }
                bias[o] += (float) shift;
            }
            weight = folded;
        }
        if (spec.name().equals("deconv3")) {
            // ... and gives BGR minus the mean.
            float[] folded = new float[weight.length];
            float[] shifted = new float[out];
            for (int o = 0; o < out; o++) {
                System.arraycopy(weight, o * in * taps, folded, (2 - o) * in * taps, in * taps);
                shifted[2 - o] = (float) (bias[o] - MEAN_RGB[o]);
            }
            weight = folded;
            bias = shifted;
        }
        List<Object> layers = new ArrayList<>();
        layers.add(new TorchObject("nn.SpatialReflectionPadding", Table.of("pad_l", pad, "pad_r", pad, "pad_t", pad,
                "pad_b", pad)));
        layers.add(new TorchObject("nn.SpatialConvolution", Table.of("nInputPlane", in, "nOutputPlane", out,
                "kW", spec.kernel(), "kH", spec.kernel(), "dW", spec.stride(), "dH", spec.stride(), "padW", 0,
                "padH", 0, "weight", Torch7Writer.floats(weight, out, in, spec.kernel(), spec.kernel()),
                "bias", Torch7Writer.floats(bias, out))));
        if (spec.norm() != null) {
            layers.add(new TorchObject("nn.InstanceNormalization", Table.of("nOutput", out, "eps", 1e-5,
                    "weight", Torch7Writer.floats(weights.require(spec.norm() + ".weight").values(), out),
                    "bias", Torch7Writer.floats(weights.require(spec.norm() + ".bias").values(), out))));
        }
        if (relu) {
            layers.add(new TorchObject("nn.ReLU", Table.of("threshold", 0, "val", 0)));
        }
        return layers;
    }
}
