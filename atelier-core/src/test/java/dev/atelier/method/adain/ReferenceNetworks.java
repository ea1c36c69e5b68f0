package dev.atelier.method.adain;

import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference networks of naoto0804/pytorch-AdaIN ({@code net.py}) computed with plain Java loops
 * from their {@code nn.Sequential} layer lists, as an independent check of the DJL versions. A
 * picture is {@code float[channel][row][column]}.
 */
final class ReferenceNetworks {
    /** {@code net.vgg} up to relu4_1, one entry per Sequential index; relus that AdaIN reads are named. */
    private static final List<String> ENCODER = List.of("conv", "pad", "conv", "relu relu1_1", "pad", "conv", "relu",
            "pool", "pad", "conv", "relu relu2_1", "pad", "conv", "relu", "pool", "pad", "conv", "relu relu3_1", "pad",
            "conv", "relu", "pad", "conv", "relu", "pad", "conv", "relu", "pool", "pad", "conv", "relu relu4_1");
    /** {@code net.decoder}, one entry per Sequential index. */
    private static final List<String> DECODER = List.of("pad", "conv", "relu", "up", "pad", "conv", "relu", "pad",
            "conv", "relu", "pad", "conv", "relu", "pad", "conv", "relu", "up", "pad", "conv", "relu", "pad", "conv",
            "relu", "up", "pad", "conv", "relu", "pad", "conv");

    private ReferenceNetworks() {}

    static Map<String, float[][][]> encoderFeatures(StateDict weights, float[][][] rgb) {
        Map<String, float[][][]> features = new LinkedHashMap<>();
        float[][][] x = rgb;
        for (int index = 0; index < ENCODER.size(); index++) {
            String layer = ENCODER.get(index);
            x = apply(layer.split(" ")[0], index, weights, x);
            if (layer.contains(" ")) {
                features.put(layer.split(" ")[1], x);
            }
        }
        return features;
    }

    static float[][][] decode(StateDict weights, float[][][] features) {
        float[][][] x = features;
        for (int index = 0; index < DECODER.size(); index++) {
            x = apply(DECODER.get(index), index, weights, x);
        }
        return x;
    }

    private static float[][][] apply(String layer, int index, StateDict weights, float[][][] x) {
        return switch (layer) {
            case "conv" -> convolve(x, weights.require(index + ".weight"), weights.require(index + ".bias"));
            case "pad" -> reflect(x);
            case "relu" -> relu(x);
            case "pool" -> maxPoolCeil(x);
            case "up" -> upsample(x);
            default -> throw new IllegalArgumentException(layer);
        };
    }

    /** Unpadded cross-correlation, as {@code nn.Conv2d} without padding. */
    static float[][][] convolve(float[][][] x, HostTensor weight, HostTensor bias) {
        int outputs = (int) weight.shape()[0];
        int inputs = (int) weight.shape()[1];
        int kernel = (int) weight.shape()[2];
        int height = x[0].length - kernel + 1;
        int width = x[0][0].length - kernel + 1;
        float[] w = weight.values();
        float[][][] y = new float[outputs][height][width];
        for (int o = 0; o < outputs; o++) {
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    double sum = bias.values()[o];
                    for (int i = 0; i < inputs; i++) {
                        for (int kr = 0; kr < kernel; kr++) {
                            for (int kc = 0; kc < kernel; kc++) {
                                sum += w[((o * inputs + i) * kernel + kr) * kernel + kc] * x[i][r + kr][c + kc];
                            }
                        }
                    }
                    y[o][r][c] = (float) sum;
                }
            }
        }
        return y;
    }

    /** {@code nn.ReflectionPad2d((1, 1, 1, 1))}. */
    static float[][][] reflect(float[][][] x) {
        int height = x[0].length;
        int width = x[0][0].length;
        float[][][] y = new float[x.length][height + 2][width + 2];
        for (int ch = 0; ch < x.length; ch++) {
            for (int r = -1; r <= height; r++) {
                for (int c = -1; c <= width; c++) {
                    int sourceRow = r < 0 ? 1 : r == height ? height - 2 : r;
                    int sourceColumn = c < 0 ? 1 : c == width ? width - 2 : c;
                    y[ch][r + 1][c + 1] = x[ch][sourceRow][sourceColumn];
                }
            }
        }
        return y;
    }

    static float[][][] relu(float[][][] x) {
        float[][][] y = new float[x.length][x[0].length][x[0][0].length];
        for (int ch = 0; ch < x.length; ch++) {
            for (int r = 0; r < x[0].length; r++) {
                for (int c = 0; c < x[0][0].length; c++) {
                    y[ch][r][c] = Math.max(0, x[ch][r][c]);
                }
            }
        }
        return y;
    }

    /** {@code nn.MaxPool2d(2, 2, ceil_mode=True)}: a last odd row or column is pooled alone. */
    static float[][][] maxPoolCeil(float[][][] x) {
        int height = x[0].length;
        int width = x[0][0].length;
        float[][][] y = new float[x.length][(height + 1) / 2][(width + 1) / 2];
        for (int ch = 0; ch < x.length; ch++) {
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    float[] row = y[ch][r / 2];
                    row[c / 2] = (r % 2 == 0 && c % 2 == 0) ? x[ch][r][c] : Math.max(row[c / 2], x[ch][r][c]);
                }
            }
        }
        return y;
    }

    /** {@code nn.Upsample(scale_factor=2, mode='nearest')}. */
    static float[][][] upsample(float[][][] x) {
        float[][][] y = new float[x.length][2 * x[0].length][2 * x[0][0].length];
        for (int ch = 0; ch < x.length; ch++) {
            for (int r = 0; r < y[0].length; r++) {
                for (int c = 0; c < y[0][0].length; c++) {
                    y[ch][r][c] = x[ch][r / 2][c / 2];
                }
            }
        }
        return y;
    }

    /** A (1, C, H, W) tensor's values as a picture. */
    static float[][][] picture(float[] values, int channels, int height, int width) {
        float[][][] x = new float[channels][height][width];
        for (int ch = 0; ch < channels; ch++) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(values, (ch * height + r) * width, x[ch][r], 0, width);
            }
        }
        return x;
    }

    static float[] flatten(float[][][] x) {
        int height = x[0].length;
        int width = x[0][0].length;
        float[] values = new float[x.length * height * width];
        for (int ch = 0; ch < x.length; ch++) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(x[ch][r], 0, values, (ch * height + r) * width, width);
            }
        }
        return values;
    }
}
