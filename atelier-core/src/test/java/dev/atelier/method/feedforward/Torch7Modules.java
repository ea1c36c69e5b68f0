package dev.atelier.method.feedforward;

import dev.atelier.weights.torch7.Torch7Writer;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Torch7 {@code nn} modules with the fields torch/nn and fast-neural-style give them, each with
 * what it computes written out as loops over one image's (C, H, W) planes in double precision:
 * "the same network built directly", independent of Atelier's mapping and layers.
 */
final class Torch7Modules {
    /** A module and the function it computes on one image. */
    record Built(TorchObject module, UnaryOperator<double[][][]> reference) {}

    private final SplittableRandom random;

    Torch7Modules(long seed) {
        random = new SplittableRandom(seed);
    }

    float[] values(int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    double[][][] image(int channels, int height, int width, double scale) {
        double[][][] image = new double[channels][height][width];
        for (double[][] plane : image) {
            for (double[] row : plane) {
                for (int x = 0; x < row.length; x++) {
                    row[x] = random.nextDouble() * scale;
                }
            }
        }
        return image;
    }

    static Table fields(Object... keysAndValues) {
        return Table.of(keysAndValues).with("train", false).with("_type", "torch.FloatTensor")
                .with("output", Torch7Writer.floats(new float[0])).with("gradInput", Torch7Writer.floats(new float[0]));
    }

    Built sequential(Built... parts) {
        List<Object> modules = new ArrayList<>();
        for (Built part : parts) {
            modules.add(part.module());
        }
        return new Built(new TorchObject("nn.Sequential", fields("modules", Table.list(modules.toArray()))), image -> {
            double[][][] x = image;
            for (Built part : parts) {
                x = part.reference().apply(x);
            }
            return x;
        });
    }

    /** {@code ConcatTable{branches} → CAddTable} in a Sequential, as fast-neural-style builds residual blocks. */
    Built sum(Built... branches) {
        List<Object> modules = new ArrayList<>();
        for (Built branch : branches) {
            modules.add(branch.module());
        }
        TorchObject concat = new TorchObject("nn.ConcatTable", fields("modules", Table.list(modules.toArray())));
        TorchObject add = new TorchObject("nn.CAddTable", fields("inplace", false));
        return new Built(new TorchObject("nn.Sequential", fields("modules", Table.list(concat, add))), image -> {
            double[][][] total = null;
            for (Built branch : branches) {
                double[][][] result = branch.reference().apply(image);
                total = total == null ? result : add(total, result);
            }
            return total;
        });
    }

    Built identity() {
        return new Built(new TorchObject("nn.Identity", fields()), image -> image);
    }

    Built totalVariation() {
        return new Built(new TorchObject("nn.TotalVariation", fields("strength", 1e-6)), image -> image);
    }

    Built convolution(int inputs, int outputs, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
            int padHeight, int padWidth) {
        float[] weight = values(outputs * inputs * kernelHeight * kernelWidth, 1 / Math.sqrt(inputs * kernelHeight
                * kernelWidth));
        float[] bias = values(outputs, 0.1);
        TorchObject module = new TorchObject("nn.SpatialConvolution", fields("nInputPlane", inputs, "nOutputPlane",
                outputs, "kW", kernelWidth, "kH", kernelHeight, "dW", strideWidth, "dH", strideHeight, "padW", padWidth,
                "padH", padHeight, "weight", Torch7Writer.floats(weight, outputs, inputs, kernelHeight, kernelWidth),
                "bias", Torch7Writer.floats(bias, outputs), "finput", Torch7Writer.floats(new float[0]),
                "gradWeight", Torch7Writer.floats(new float[weight.length], outputs, inputs, kernelHeight,
                        kernelWidth)));
        return new Built(module, image -> convolve(image, weight, bias, outputs, kernelHeight, kernelWidth,
                strideHeight, strideWidth, padHeight, padWidth));
    }

    /** Square convolution with the zero padding fast-neural-style's {@code c} layers use. */
    Built convolution(int inputs, int outputs, int kernel, int stride, int pad) {
        return convolution(inputs, outputs, kernel, kernel, stride, stride, pad, pad);
    }

    Built fullConvolution(int inputs, int outputs, int kernel, int stride, int pad, int adjust) {
        float[] weight = values(inputs * outputs * kernel * kernel, 1 / Math.sqrt(inputs * kernel * kernel));
        float[] bias = values(outputs, 0.1);
        TorchObject module = new TorchObject("nn.SpatialFullConvolution", fields("nInputPlane", inputs,
                "nOutputPlane", outputs, "kW", kernel, "kH", kernel, "dW", stride, "dH", stride, "padW", pad,
                "padH", pad, "adjW", adjust, "adjH", adjust, "weight", Torch7Writer.floats(weight, inputs, outputs,
                        kernel, kernel), "bias", Torch7Writer.floats(bias, outputs)));
        return new Built(module, image -> fullConvolve(image, weight, bias, outputs, kernel, stride, pad, adjust));
    }

    Built batchNorm(int channels, boolean versionOne) {
        float[] weight = values(channels, 1);
        float[] bias = values(channels, 1);
        float[] mean = values(channels, 2);
        float[] variance = new float[channels];
        float[] deviation = new float[channels];
        for (int c = 0; c < channels; c++) {
            variance[c] = (float) (0.5 + random.nextDouble());
            deviation[c] = (float) (1 / Math.sqrt(variance[c] + 1e-5));
        }
        Table fields = fields("eps", 1e-5, "momentum", 0.1, "affine", true, "weight", Torch7Writer.floats(weight,
                channels), "bias", Torch7Writer.floats(bias, channels), "running_mean", Torch7Writer.floats(mean,
                channels));
        // nn before BatchNormalization version 2 stored 1/sqrt(var + eps) as running_std.
        fields.with(versionOne ? "running_std" : "running_var", Torch7Writer.floats(versionOne ? deviation : variance,
                channels));
        TorchObject module = new TorchObject("nn.SpatialBatchNormalization", versionOne ? 1 : 2, fields);
        return new Built(module, image -> {
            double[][][] y = new double[channels][][];
            for (int c = 0; c < channels; c++) {
                int channel = c;
                double gain = weight[c] / Math.sqrt(variance[c] + 1e-5);
                y[c] = map(image[c], v -> (v - mean[channel]) * gain + bias[channel]);
            }
            return y;
        });
    }

    /** fast-neural-style's {@code nn.InstanceNormalization}, with the batch-norm helper it keeps. */
    Built instanceNorm(int channels, double epsilon) {
        float[] weight = values(channels, 1);
        float[] bias = values(channels, 1);
        TorchObject helper = new TorchObject("nn.SpatialBatchNormalization", 2, fields("eps", epsilon, "affine", true,
                "weight", Torch7Writer.floats(new float[channels], channels), "running_mean",
                Torch7Writer.floats(new float[channels], channels), "running_var", Torch7Writer.floats(new float[channels],
                        channels)));
        TorchObject module = new TorchObject("nn.InstanceNormalization", fields("nOutput", channels, "eps", epsilon,
                "prev_N", 1, "weight", Torch7Writer.floats(weight, channels), "bias", Torch7Writer.floats(bias,
                        channels), "bn", helper));
        return new Built(module, image -> {
            double[][][] y = new double[channels][][];
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double squares = 0;
                int count = 0;
                for (double[] row : image[c]) {
                    for (double v : row) {
                        sum += v;
                        squares += v * v;
                        count++;
                    }
                }
                double mean = sum / count;
                double variance = squares / count - mean * mean;
                double gain = weight[c] / Math.sqrt(variance + epsilon);
                int channel = c;
                y[c] = map(image[c], v -> (v - mean) * gain + bias[channel]);
            }
            return y;
        });
    }

    Built relu() {
        return new Built(new TorchObject("nn.ReLU", fields("threshold", 0, "val", 0, "inplace", true)),
                image -> mapAll(image, v -> Math.max(0, v)));
    }

    Built tanh() {
        return new Built(new TorchObject("nn.Tanh", fields()), image -> mapAll(image, Math::tanh));
    }

    Built mulConstant(double factor) {
        return new Built(new TorchObject("nn.MulConstant", fields("constant_scalar", factor, "inplace", false)),
                image -> mapAll(image, v -> v * factor));
    }

    Built shave(int pixels) {
        return new Built(new TorchObject("nn.ShaveImage", fields("size", pixels)), image -> {
            double[][][] y = new double[image.length][image[0].length - 2 * pixels][image[0][0].length - 2 * pixels];
            for (int c = 0; c < y.length; c++) {
                for (int i = 0; i < y[c].length; i++) {
                    System.arraycopy(image[c][i + pixels], pixels, y[c][i], 0, y[c][i].length);
                }
            }
            return y;
        });
    }

    Built upsample(int factor) {
        return new Built(new TorchObject("nn.SpatialUpSamplingNearest", fields("scale_factor", factor)), image -> {
            double[][][] y = new double[image.length][image[0].length * factor][image[0][0].length * factor];
            for (int c = 0; c < y.length; c++) {
                for (int i = 0; i < y[c].length; i++) {
                    for (int j = 0; j < y[c][i].length; j++) {
                        y[c][i][j] = image[c][i / factor][j / factor];
                    }
                }
            }
            return y;
        });
    }

    /** 2x2 max pooling with stride 2 in ceil mode: a last odd row or column is pooled alone. */
    Built maxPoolCeil() {
        return new Built(new TorchObject("nn.SpatialMaxPooling", fields("kW", 2, "kH", 2, "dW", 2, "dH", 2, "padW", 0,
                "padH", 0, "ceil_mode", true)), image -> {
                    int height = (image[0].length + 1) / 2;
                    int width = (image[0][0].length + 1) / 2;
                    double[][][] y = new double[image.length][height][width];
                    for (int c = 0; c < y.length; c++) {
                        for (int i = 0; i < height; i++) {
                            for (int j = 0; j < width; j++) {
                                double best = Double.NEGATIVE_INFINITY;
                                for (int a = 2 * i; a < Math.min(2 * i + 2, image[c].length); a++) {
                                    for (int b = 2 * j; b < Math.min(2 * j + 2, image[c][a].length); b++) {
                                        best = Math.max(best, image[c][a][b]);
                                    }
                                }
                                y[c][i][j] = best;
                            }
                        }
                    }
                    return y;
                });
    }

    enum Border {
        REFLECT("nn.SpatialReflectionPadding"),
        REPLICATE("nn.SpatialReplicationPadding"),
        ZERO("nn.SpatialZeroPadding");

        final String className;

        Border(String className) {
            this.className = className;
        }
    }

    Built pad(Border border, int left, int right, int top, int bottom) {
        TorchObject module = new TorchObject(border.className, fields("pad_l", left, "pad_r", right, "pad_t", top,
                "pad_b", bottom));
        return new Built(module, image -> {
            int height = image[0].length;
            int width = image[0][0].length;
            double[][][] y = new double[image.length][height + top + bottom][width + left + right];
            for (int c = 0; c < y.length; c++) {
                for (int i = 0; i < y[c].length; i++) {
                    int row = source(i - top, height, border);
                    for (int j = 0; j < y[c][i].length; j++) {
                        int column = source(j - left, width, border);
                        y[c][i][j] = row < 0 || column < 0 ? 0 : image[c][row][column];
                    }
                }
            }
            return y;
        });
    }

    private static int source(int index, int size, Border border) {
        if (index >= 0 && index < size) {
            return index;
        }
        return switch (border) {
            case REFLECT -> index < 0 ? -index : 2 * (size - 1) - index;
            case REPLICATE -> index < 0 ? 0 : size - 1;
            case ZERO -> -1;
        };
    }

    Built reflect(int pad) {
        return pad(Border.REFLECT, pad, pad, pad, pad);
    }

    static double[][][] convolve(double[][][] x, float[] weight, float[] bias, int outputs, int kernelHeight,
            int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth) {
        int inputs = x.length;
        int height = x[0].length;
        int width = x[0][0].length;
        int outHeight = (height + 2 * padHeight - kernelHeight) / strideHeight + 1;
        int outWidth = (width + 2 * padWidth - kernelWidth) / strideWidth + 1;
        double[][][] y = new double[outputs][outHeight][outWidth];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    double sum = bias == null ? 0 : bias[o];
                    for (int c = 0; c < inputs; c++) {
                        for (int r = 0; r < kernelHeight; r++) {
                            int row = i * strideHeight + r - padHeight;
                            if (row < 0 || row >= height) {
                                continue;
                            }
                            for (int s = 0; s < kernelWidth; s++) {
                                int column = j * strideWidth + s - padWidth;
                                if (column >= 0 && column < width) {
                                    sum += weight[((o * inputs + c) * kernelHeight + r) * kernelWidth + s]
                                            * x[c][row][column];
                                }
                            }
                        }
                    }
                    y[o][i][j] = sum;
                }
            }
        }
        return y;
    }

    /** Each input pixel scatters its kernel into the output, as a transposed convolution defines it. */
    static double[][][] fullConvolve(double[][][] x, float[] weight, float[] bias, int outputs, int kernel, int stride,
            int pad, int adjust) {
        int inputs = x.length;
        int height = x[0].length;
        int width = x[0][0].length;
        int outHeight = (height - 1) * stride - 2 * pad + kernel + adjust;
        int outWidth = (width - 1) * stride - 2 * pad + kernel + adjust;
        double[][][] y = new double[outputs][outHeight][outWidth];
        for (int o = 0; o < outputs; o++) {
            for (double[] row : y[o]) {
                java.util.Arrays.fill(row, bias[o]);
            }
        }
        for (int c = 0; c < inputs; c++) {
            for (int a = 0; a < height; a++) {
                for (int b = 0; b < width; b++) {
                    for (int o = 0; o < outputs; o++) {
                        for (int r = 0; r < kernel; r++) {
                            int row = a * stride - pad + r;
                            if (row < 0 || row >= outHeight) {
                                continue;
                            }
                            for (int s = 0; s < kernel; s++) {
                                int column = b * stride - pad + s;
                                if (column >= 0 && column < outWidth) {
                                    y[o][row][column] += x[c][a][b]
                                            * weight[((c * outputs + o) * kernel + r) * kernel + s];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    static double[][][] add(double[][][] a, double[][][] b) {
        double[][][] y = new double[a.length][a[0].length][a[0][0].length];
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                for (int j = 0; j < a[c][i].length; j++) {
                    y[c][i][j] = a[c][i][j] + b[c][i][j];
                }
            }
        }
        return y;
    }

    static double[][] map(double[][] plane, java.util.function.DoubleUnaryOperator function) {
        double[][] y = new double[plane.length][];
        for (int i = 0; i < plane.length; i++) {
            y[i] = java.util.Arrays.stream(plane[i]).map(function).toArray();
        }
        return y;
    }

    static double[][][] mapAll(double[][][] image, java.util.function.DoubleUnaryOperator function) {
        double[][][] y = new double[image.length][][];
        for (int c = 0; c < image.length; c++) {
            y[c] = map(image[c], function);
        }
        return y;
    }

    /** An image as one (1, C, H, W) float array. */
    static float[] flat(double[][][] image) {
        int channels = image.length;
        int height = image[0].length;
        int width = image[0][0].length;
        float[] values = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    values[(c * height + i) * width + j] = (float) image[c][i][j];
                }
            }
        }
        return values;
    }
}
