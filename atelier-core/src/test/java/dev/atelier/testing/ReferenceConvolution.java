package dev.atelier.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Convolution arithmetic written out as loops over one image's (C, H, W) planes in double
 * precision: the textbook definitions the engine-backed layers are checked against.
 */
public final class ReferenceConvolution {
    private ReferenceConvolution() {}

    /** Where a padded coordinate reads from: an index in range, or -1 for a zero. */
    public interface Padding {
        int source(int index, int size);
    }

    public static final Padding ZERO = (index, size) -> index < 0 || index >= size ? -1 : index;
    public static final Padding REFLECT = (index, size) -> index < 0 ? -index : index >= size ? 2 * (size - 1) - index : index;
    public static final Padding REPLICATE = (index, size) -> Math.max(0, Math.min(size - 1, index));

    /**
     * Cross-correlation: {@code out[o][y][x] = bias[o] + Σ w[o][i][r][c] · in[i][y·s + r − before][x·s + c − before]}
     * with out-of-range reads resolved by {@code padding}.
     */
    public static double[][][] correlate(double[][][] input, double[][][][] weight, double[] bias, int stride, int before,
            int outputHeight, int outputWidth, Padding padding) {
        int height = input[0].length;
        int width = input[0][0].length;
        double[][][] output = new double[weight.length][outputHeight][outputWidth];
        for (int o = 0; o < weight.length; o++) {
            for (int y = 0; y < outputHeight; y++) {
                for (int x = 0; x < outputWidth; x++) {
                    double sum = bias == null ? 0 : bias[o];
                    for (int i = 0; i < input.length; i++) {
                        for (int r = 0; r < weight[o][i].length; r++) {
                            int row = padding.source(y * stride + r - before, height);
                            for (int c = 0; c < weight[o][i][r].length; c++) {
                                int column = padding.source(x * stride + c - before, width);
                                if (row >= 0 && column >= 0) {
                                    sum += weight[o][i][r][c] * input[i][row][column];
                                }
                            }
                        }
                    }
                    output[o][y][x] = sum;
                }
            }
        }
        return output;
    }

    /** Each pixel repeated as a 2x2 block. */
    public static double[][][] upsampleNearest(double[][][] input) {
        int height = input[0].length;
        int width = input[0][0].length;
        double[][][] output = new double[input.length][2 * height][2 * width];
        for (int i = 0; i < input.length; i++) {
            for (int y = 0; y < 2 * height; y++) {
                for (int x = 0; x < 2 * width; x++) {
                    output[i][y][x] = input[i][y / 2][x / 2];
                }
            }
        }
        return output;
    }

    /** Zeros between pixels: {@code out[2y][2x] = in[y][x]}, size doubled. */
    public static double[][][] insertZeros(double[][][] input) {
        int height = input[0].length;
        int width = input[0][0].length;
        double[][][] output = new double[input.length][2 * height][2 * width];
        for (int i = 0; i < input.length; i++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    output[i][2 * y][2 * x] = input[i][y][x];
                }
            }
        }
        return output;
    }

    /** A (in, out, k, k) transposed-convolution kernel as the (out, in, k, k) kernel that convolves with it, flipped. */
    public static double[][][][] flippedTranspose(double[][][][] weight) {
        int in = weight.length;
        int out = weight[0].length;
        int size = weight[0][0].length;
        double[][][][] result = new double[out][in][size][size];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < size; r++) {
                    for (int c = 0; c < size; c++) {
                        result[o][i][r][c] = weight[i][o][size - 1 - r][size - 1 - c];
                    }
                }
            }
        }
        return result;
    }

    public static double[][][] planes(NDArray image) {
        Shape shape = image.getShape();
        int channels = (int) shape.get(shape.dimension() - 3);
        int height = (int) shape.get(shape.dimension() - 2);
        int width = (int) shape.get(shape.dimension() - 1);
        double[] values = image.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][][] planes = new double[channels][height][width];
        for (int i = 0; i < channels; i++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    planes[i][y][x] = values[(i * height + y) * width + x];
                }
            }
        }
        return planes;
    }

    public static double[][][][] kernels(NDArray weight) {
        Shape shape = weight.getShape();
        double[] values = weight.toType(DataType.FLOAT64, false).toDoubleArray();
        int a = (int) shape.get(0);
        int b = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        double[][][][] kernels = new double[a][b][height][width];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (int r = 0; r < height; r++) {
                    for (int c = 0; c < width; c++) {
                        kernels[i][j][r][c] = values[((i * b + j) * height + r) * width + c];
                    }
                }
            }
        }
        return kernels;
    }

    public static NDArray toArray(NDManager manager, double[][][] planes) {
        int channels = planes.length;
        int height = planes[0].length;
        int width = planes[0][0].length;
        double[] values = new double[channels * height * width];
        for (int i = 0; i < channels; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(planes[i][y], 0, values, (i * height + y) * width, width);
            }
        }
        return manager.create(values, new Shape(1, channels, height, width));
    }
}
