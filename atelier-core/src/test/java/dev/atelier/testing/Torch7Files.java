package dev.atelier.testing;

import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.torch7.Torch7Writer;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Torch7 {@code .t7} files for tests in any package: networks with seeded weights, written as Lua Torch would. */
public final class Torch7Files {
    private Torch7Files() {}

    /**
     * A fast-neural-style checkpoint ({@code model} and {@code opt}) of the released networks' shape
     * at a small scale: reflection padding 8, {@code c9s1-W,d2W,d4W,R4W,u2W,uW,c9s1-3} with one
     * residual block (valid convolutions beside {@code nn.ShaveImage(2)}), instance or batch
     * normalisation, then Tanh, MulConstant(150) and TotalVariation; VGG preprocessing.
     */
    public static Path fastNeuralStyle(Path file, int width, boolean instanceNorm, long seed) {
        Builder b = new Builder(seed, instanceNorm);
        List<Object> block = List.of(b.convolution(4 * width, 4 * width, 3, 1, 0), b.norm(4 * width), b.relu(),
                b.convolution(4 * width, 4 * width, 3, 1, 0), b.norm(4 * width));
        TorchObject concat = new TorchObject("nn.ConcatTable", Table.of("modules", Table.list(
                new TorchObject("nn.Sequential", Table.of("modules", Table.list(block.toArray()))),
                new TorchObject("nn.ShaveImage", Table.of("size", 2)))));
        TorchObject residual = new TorchObject("nn.Sequential", Table.of("modules", Table.list(concat,
                new TorchObject("nn.CAddTable", Table.of()))));
        List<Object> modules = List.of(
                new TorchObject("nn.SpatialReflectionPadding", Table.of("pad_l", 8, "pad_r", 8, "pad_t", 8, "pad_b", 8)),
                b.convolution(3, width, 9, 1, 4), b.norm(width), b.relu(),
                b.convolution(width, 2 * width, 3, 2, 1), b.norm(2 * width), b.relu(),
                b.convolution(2 * width, 4 * width, 3, 2, 1), b.norm(4 * width), b.relu(),
                residual,
                b.fullConvolution(4 * width, 2 * width), b.norm(2 * width), b.relu(),
                b.fullConvolution(2 * width, width), b.norm(width), b.relu(),
                b.convolution(width, 3, 9, 1, 4),
                new TorchObject("nn.Tanh", Table.of()), new TorchObject("nn.MulConstant", Table.of("constant_scalar",
                        150.0)), new TorchObject("nn.TotalVariation", Table.of("strength", 1e-6)));
        TorchObject model = new TorchObject("nn.Sequential", Table.of("modules", Table.list(modules.toArray())));
        return Torch7Writer.write(file, Table.of("model", model, "opt", Table.of("preprocessing", "vgg",
                "use_instance_norm", instanceNorm ? 1 : 0, "style_image", "styles/test.jpg")));
    }

    /**
     * A network saved alone, as the AdaIN release's {@code .t7} files are: an {@code nn.Sequential}
     * of {@code length} modules whose module i is a convolution holding {@code i.weight} and {@code
     * i.bias} where the state dict has them (so it reads back with the same keys), and a parameterless
     * ReLU elsewhere.
     */
    public static Path sequential(Path file, StateDict weights, int length) {
        List<Object> modules = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            if (!weights.contains(i + ".weight")) {
                modules.add(new TorchObject("nn.ReLU", Table.of("threshold", 0, "val", 0)));
                continue;
            }
            HostTensor weight = weights.require(i + ".weight");
            HostTensor bias = weights.require(i + ".bias");
            long[] shape = weight.shape();
            modules.add(new TorchObject("nn.SpatialConvolution", Table.of("nInputPlane", shape[1], "nOutputPlane",
                    shape[0], "kH", shape[2], "kW", shape[3], "dW", 1, "dH", 1, "padW", 0, "padH", 0,
                    "weight", Torch7Writer.floats(weight.values(), shape), "bias", Torch7Writer.floats(bias.values(),
                            bias.shape()))));
        }
        return Torch7Writer.write(file, new TorchObject("nn.Sequential", Table.of("modules",
                Table.list(modules.toArray()))));
    }

    private static final class Builder {
        private final SplittableRandom random;
        private final boolean instanceNorm;

        Builder(long seed, boolean instanceNorm) {
            this.random = new SplittableRandom(seed);
            this.instanceNorm = instanceNorm;
        }

        float[] values(int count, double scale, double offset) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = (float) (offset + (random.nextDouble() * 2 - 1) * scale);
            }
            return values;
        }

        TorchObject convolution(int inputs, int outputs, int kernel, int stride, int pad) {
            return new TorchObject("nn.SpatialConvolution", Table.of("nInputPlane", inputs, "nOutputPlane", outputs,
                    "kW", kernel, "kH", kernel, "dW", stride, "dH", stride, "padW", pad, "padH", pad,
                    "weight", Torch7Writer.floats(values(outputs * inputs * kernel * kernel,
                            1 / Math.sqrt(inputs * kernel * kernel), 0), outputs, inputs, kernel, kernel),
                    "bias", Torch7Writer.floats(values(outputs, 0.1, 0), outputs)));
        }

        TorchObject fullConvolution(int inputs, int outputs) {
            return new TorchObject("nn.SpatialFullConvolution", Table.of("nInputPlane", inputs, "nOutputPlane",
                    outputs, "kW", 3, "kH", 3, "dW", 2, "dH", 2, "padW", 1, "padH", 1, "adjW", 1, "adjH", 1,
                    "weight", Torch7Writer.floats(values(inputs * outputs * 9, 1 / Math.sqrt(inputs * 9), 0), inputs,
                            outputs, 3, 3), "bias", Torch7Writer.floats(values(outputs, 0.1, 0), outputs)));
        }

        TorchObject norm(int channels) {
            if (instanceNorm) {
                return new TorchObject("nn.InstanceNormalization", Table.of("nOutput", channels, "eps", 1e-5,
                        "weight", Torch7Writer.floats(values(channels, 0.3, 1), channels),
                        "bias", Torch7Writer.floats(values(channels, 0.3, 0), channels)));
            }
            float[] variance = values(channels, 0.4, 1);
            return new TorchObject("nn.SpatialBatchNormalization", 2, Table.of("eps", 1e-5, "affine", true,
                    "weight", Torch7Writer.floats(values(channels, 0.3, 1), channels),
                    "bias", Torch7Writer.floats(values(channels, 0.3, 0), channels),
                    "running_mean", Torch7Writer.floats(values(channels, 0.5, 0), channels),
                    "running_var", Torch7Writer.floats(variance, channels)));
        }

        TorchObject relu() {
            return new TorchObject("nn.ReLU", Table.of("threshold", 0, "val", 0, "inplace", true));
        }
    }
}
