package dev.atelier.method.magenta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.atelier.nn.GatherIndices;
import dev.atelier.nn.HostArrays;
import java.util.List;

/**
 * A stride-1 convolution with a large odd kernel, few channels and reflection padding, computed on
 * the input's f x f space-to-depth rearrangement: every output phase (a, b), the pixels
 * (f·m + a, f·n + b), becomes its own group of output channels of one convolution at 1/f of the
 * size, whose inputs are the f² phases of the reflected input. A 9x9 kernel becomes 3x3 at f = 4.
 *
 * <p>Why: the engine's convolution kernels are made for many channels. The Magenta transformer's
 * outer 9x9 layers (3 to 8 and 8 to 3 channels at full size) run them nearly idle; rearranged with
 * f = 4 they have 48 inputs and 128 outputs (or 128 and 48). That does 1.8 times the
 * multiplications (taps outside the kernel are zeros) on far better shapes. {@link Layers}'s
 * {@code spaceToDepthConvolution} is the f = 2 case, for padding of either kind.
 *
 * <p>The rearranged kernel is made once, in Java memory, by {@link #kernel}; {@link #apply} then
 * gathers the reflected phases in one indexing operation, convolves, and interleaves the output
 * phases back with one transpose.
 */
public final class PhaseConvolution {
    private PhaseConvolution() {}

    /** Taps per side of the rearranged kernel for a {@code kernel}-wide filter at factor {@code factor}. */
    public static int phaseKernelSize(int kernel, int factor) {
        return (kernel + factor - 2) / factor + 1;
    }

    /**
     * The rearranged kernel: output channel {@code (a·f + b)·O + o}, input channel
     * {@code (i·f + p)·f + q}, tap (s, t) holds {@code weight[o][i][f·s + p − a][f·t + q − b]}, or 0
     * where that lies outside the filter.
     *
     * @param weight (O, I, k, k) row-major
     * @return (f²·O, f²·I, K, K) row-major, K = {@link #phaseKernelSize}
     */
    public static float[] kernel(float[] weight, int outputs, int inputs, int kernel, int factor) {
        int size = phaseKernelSize(kernel, factor);
        int phaseInputs = factor * factor * inputs;
        float[] result = new float[factor * factor * outputs * phaseInputs * size * size];
        for (int a = 0; a < factor; a++) {
            for (int b = 0; b < factor; b++) {
                for (int o = 0; o < outputs; o++) {
                    int outputChannel = (a * factor + b) * outputs + o;
                    for (int i = 0; i < inputs; i++) {
                        for (int p = 0; p < factor; p++) {
                            for (int q = 0; q < factor; q++) {
                                int inputChannel = (i * factor + p) * factor + q;
                                for (int s = 0; s < size; s++) {
                                    int row = factor * s + p - a;
                                    if (row < 0 || row >= kernel) {
                                        continue;
                                    }
                                    for (int t = 0; t < size; t++) {
                                        int column = factor * t + q - b;
                                        if (column < 0 || column >= kernel) {
                                            continue;
                                        }
                                        result[((outputChannel * phaseInputs + inputChannel) * size + s) * size + t] =
                                                weight[((o * inputs + i) * kernel + row) * kernel + column];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result;
    }

    /** The bias for the rearranged output channels: {@code bias} repeated for each of the f² phases. */
    public static float[] bias(float[] bias, int factor) {
        float[] result = new float[factor * factor * bias.length];
        for (int phase = 0; phase < factor * factor; phase++) {
            System.arraycopy(bias, 0, result, phase * bias.length, bias.length);
        }
        return result;
    }

    /**
     * The convolution of {@code input} reflected by {@code kernel / 2} on every side, with a kernel
     * rearranged by {@link #kernel}.
     *
     * @param input (N, C, H, W) with H and W multiples of {@code factor}, larger than the padding
     * @param phaseKernel (f²·O, f²·C, K, K)
     * @param phaseBias (f²·O), or {@code null}
     * @return (N, O, H, W), attached to the input's manager
     */
    public static NDArray apply(NDArray input, NDArray phaseKernel, NDArray phaseBias, int kernel, int factor) {
        return apply(input, phaseKernel, phaseBias, kernel, factor, null);
    }

    /**
     * As {@link #apply(NDArray, NDArray, NDArray, int, int)}, the phase split by a kept index from
     * {@code indices} (or {@code null}) when it has one: at a video frame's size about twice as fast as
     * the gather (BENCHMARKS.md, "Where a one-pass network's time goes").
     */
    public static NDArray apply(NDArray input, NDArray phaseKernel, NDArray phaseBias, int kernel, int factor,
            GatherIndices indices) {
        Shape shape = input.getShape();
        long images = shape.get(0);
        long channels = shape.get(1);
        long height = shape.get(2);
        long width = shape.get(3);
        int padding = kernel / 2;
        if (height % factor != 0 || width % factor != 0 || padding >= height || padding >= width) {
            throw new IllegalArgumentException("a phase convolution at factor " + factor + " with padding " + padding
                    + " needs sides that are multiples of " + factor + " and larger than the padding, got " + shape);
        }
        int size = phaseKernelSize(kernel, factor);
        int rows = (int) (height / factor) + size - 1;
        int columns = (int) (width / factor) + size - 1;
        long[] sourceRows = phaseIndices(height, padding, factor, rows);
        long[] sourceColumns = phaseIndices(width, padding, factor, columns);
        // phases[n, c, p, q, j, l] = reflected[n, c, f·j + p, f·l + q]
        NDArray phases = images != 1 || indices == null ? null : indices.index(List.of("phases", channels, height,
                width, kernel, factor), new Shape(1, channels * factor * factor, rows, columns),
                () -> flatPhaseIndices(channels, height, width, factor, sourceRows, sourceColumns));
        if (phases != null) {
            phases = input.take(phases);
        } else {
            NDManager manager = input.getManager();
            NDArray rowIndex = HostArrays.of(manager, sourceRows, new Shape(factor, 1, rows, 1));
            NDArray columnIndex = HostArrays.of(manager, sourceColumns, new Shape(1, factor, 1, columns));
            phases = input.get(new NDIndex(":, :, {}, {}", rowIndex, columnIndex))
                    .reshape(images, channels * factor * factor, rows, columns);
        }
        NDArray output = Conv2d.conv2d(phases, phaseKernel, phaseBias, new Shape(1, 1), new Shape(0, 0),
                new Shape(1, 1), 1).singletonOrThrow();
        long outputs = output.getShape().get(1) / (factor * factor);
        long outputRows = height / factor;
        long outputColumns = width / factor;
        return output.reshape(images, factor, factor, outputs, outputRows, outputColumns)
                .transpose(0, 3, 4, 1, 5, 2)
                .reshape(images, outputs, height, width);
    }

    /**
     * Source rows of phase p's rows j, {@code index[p·count + j]}: padded row f·j + p, mirrored into
     * the input without repeating the edge. Rows past the padded input only meet zero taps; they
     * are clamped to stay valid.
     */
    private static long[] phaseIndices(long size, int padding, int factor, int count) {
        long[] indices = new long[factor * count];
        for (int p = 0; p < factor; p++) {
            for (int j = 0; j < count; j++) {
                long source = (long) factor * j + p - padding;
                if (source < 0) {
                    source = -source;
                } else if (source >= size) {
                    source = 2 * (size - 1) - source;
                }
                indices[p * count + j] = Math.max(0, Math.min(size - 1, source));
            }
        }
        return indices;
    }

    /**
     * The flat offset in a (1, C, H, W) input of each element of the phases (1, C·f·f, rows, columns),
     * from {@link #phaseIndices}' rows ({@code sourceRows[p·rows + j]}) and columns.
     */
    private static long[] flatPhaseIndices(long channels, long height, long width, int factor, long[] sourceRows,
            long[] sourceColumns) {
        int rows = sourceRows.length / factor;
        int columns = sourceColumns.length / factor;
        long[] flat = new long[Math.toIntExact(channels * sourceRows.length * sourceColumns.length)];
        int at = 0;
        for (long channel = 0; channel < channels; channel++) {
            for (int p = 0; p < factor; p++) {
                for (int q = 0; q < factor; q++) {
                    for (int j = 0; j < rows; j++) {
                        long start = (channel * height + sourceRows[p * rows + j]) * width;
                        for (int l = 0; l < columns; l++) {
                            flat[at++] = start + sourceColumns[q * columns + l];
                        }
                    }
                }
            }
        }
        return flat;
    }
}
