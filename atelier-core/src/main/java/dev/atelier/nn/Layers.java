package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.function.UnaryOperator;

/**
 * The building blocks our networks are made of, as functions of NDArrays in NCHW layout. DJL has
 * convolution and pooling; instance normalisation with affine parameters, reflection padding and
 * TensorFlow's asymmetric SAME padding it lacks, so they are written here from primitive ops, which
 * keeps them differentiable through DJL's autograd.
 *
 * <p>Every result is attached to the manager of the first array argument, as DJL does, so callers
 * control lifetimes by where their input lives.
 */
public final class Layers {
    private Layers() {}

    /** 2-D cross-correlation with square kernel, symmetric zero padding and optional bias. */
    public static NDArray conv2d(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        if (StripConvolution.worthSplitting(input.getShape(), weight.getShape().get(0), weight.getShape().get(2),
                stride)) {
            return StripConvolution.apply(input, weight, bias, padding);
        }
        return Conv2d.conv2d(input, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    /**
     * TensorFlow's {@code conv2d_transpose} with a 3x3 kernel, stride 2 and SAME padding: an
     * (N, in, H, W) input becomes (N, out, 2H, 2W). Weight layout {@code (in, out, 3, 3)}, as PyTorch's
     * transposed convolutions store it.
     *
     * <p>DJL's PyTorch engine has no transposed convolution, and the textbook rewrite (insert zeros
     * between pixels, then convolve) wastes three quarters of its multiplications on zeros. Instead
     * the output is split by the parity of its row and column: output row 2m takes input rows m-1
     * (kernel row 2) and m (row 0), row 2m+1 takes row m (row 1), and likewise for columns. Each of
     * the four phases is a 2x2 convolution of the input padded by one zero row and column before,
     * so all four run as one convolution with four times the output channels, and one transpose
     * interleaves them.
     */
    public static NDArray transposedConvolutionSame(NDArray input, NDArray weight) {
        Shape shape = weight.getShape();
        if (shape.get(2) != 3 || shape.get(3) != 3) {
            throw new IllegalArgumentException("transposed convolution supports 3x3 kernels, got " + shape);
        }
        NDArray kernel = besideInput(weight.transpose(1, 0, 2, 3), input);
        NDArray zeroRow = kernel.get(":, :, 0:1, :").zerosLike();
        // Taps over input rows (m-1, m) for even and for odd output rows.
        NDArray evenRows = NDArrays.concat(new NDList(kernel.get(":, :, 2:3, :"), kernel.get(":, :, 0:1, :")), 2);
        NDArray oddRows = NDArrays.concat(new NDList(zeroRow, kernel.get(":, :, 1:2, :")), 2);
        NDList phases = new NDList();
        for (NDArray rows : new NDArray[] {evenRows, oddRows}) {
            NDArray zeroColumn = rows.get(":, :, :, 0:1").zerosLike();
            phases.add(NDArrays.concat(new NDList(rows.get(":, :, :, 2:3"), rows.get(":, :, :, 0:1")), 3));
            phases.add(NDArrays.concat(new NDList(zeroColumn, rows.get(":, :, :, 1:2")), 3));
        }
        NDArray output = conv2d(zeroPad(input, 1, 0, 1, 0), NDArrays.concat(phases, 0), null, 1, 0);
        return interleavePhases(output, input.getShape().get(2), input.getShape().get(3), 0, 0);
    }

    /**
     * Nearest-neighbour x2 upsampling, reflection padding by one and a 3x3 convolution (stride 1)
     * with bias: pytorch/examples' {@code UpsampleConvLayer}, computed at the input's resolution.
     *
     * <p>On the upsampled image a 3x3 window covers only two distinct source rows: output row 2m
     * sees source rows m-1, m, m (kernel rows 0 | 1+2), row 2m+1 sees m, m, m+1 (rows 0+1 | 2), and
     * likewise for columns. So each output parity phase is a 2x2 convolution of the source with
     * summed taps: 16 multiplications per output pixel and channel pair instead of 36, and no
     * four-times-larger upsampled copy. Reflection padding after upsampling equals replication
     * padding before, so borders come out identical too (up to float rounding from the summed taps).
     */
    public static NDArray upsampleConvolution(NDArray input, NDArray weight, NDArray bias) {
        Shape shape = weight.getShape();
        if (shape.get(2) != 3 || shape.get(3) != 3) {
            throw new IllegalArgumentException("upsampling convolution supports 3x3 kernels, got " + shape);
        }
        NDArray kernel = besideInput(weight.reshape(shape), input);
        NDArray evenRows = NDArrays.concat(new NDList(kernel.get(":, :, 0:1, :"),
                kernel.get(":, :, 1:2, :").add(kernel.get(":, :, 2:3, :"))), 2);
        NDArray oddRows = NDArrays.concat(new NDList(kernel.get(":, :, 0:1, :").add(kernel.get(":, :, 1:2, :")),
                kernel.get(":, :, 2:3, :")), 2);
        NDList phases = new NDList();
        for (NDArray rows : new NDArray[] {evenRows, oddRows}) {
            phases.add(NDArrays.concat(new NDList(rows.get(":, :, :, 0:1"),
                    rows.get(":, :, :, 1:2").add(rows.get(":, :, :, 2:3"))), 3));
            phases.add(NDArrays.concat(new NDList(rows.get(":, :, :, 0:1").add(rows.get(":, :, :, 1:2")),
                    rows.get(":, :, :, 2:3")), 3));
        }
        NDArray phaseBias = bias == null ? null : besideInput(bias.tile(4), input);
        // Phase (a, b) of output pixel (m, n) sits at (m + a, n + b) of the padded convolution.
        NDArray output = conv2d(replicationPad(input, 1), NDArrays.concat(phases, 0), phaseBias, 1, 0);
        return interleavePhases(output, input.getShape().get(2), input.getShape().get(3), 1, 1);
    }

    /** How a convolution's input is extended past its border. */
    public enum Padding {
        ZERO,
        REFLECT
    }

    /**
     * A stride-1 convolution with an odd square kernel and {@code padding} on every side, computed on
     * the input's 2x2 space-to-depth rearrangement: for layers with few output channels, such as
     * the transformer's last 9x9 one (32 to 3 channels).
     *
     * <p>The engine's convolution kernels work on blocks of 8 or 16 output channels, so a 3-channel
     * layer pays for 16. Rearranged, each output parity phase (a, b) becomes its own channel group
     * of a convolution at half the resolution: input channels x 4 phases in, output channels x 4
     * phases out, kernel (k+1)/2 square. That is 24% more multiplications (some taps are zero) but
     * four times the output channels, about twice as fast here; results equal the direct
     * convolution's up to float rounding. Odd sizes, or zero padding by an odd amount, take the
     * direct path.
     */
    public static NDArray spaceToDepthConvolution(NDArray input, NDArray weight, NDArray bias, int padding,
            Padding mode) {
        Shape shape = input.getShape();
        long height = shape.get(2);
        long width = shape.get(3);
        int kernel = (int) weight.getShape().get(2);
        if (height % 2 != 0 || width % 2 != 0 || kernel % 2 == 0 || (mode == Padding.ZERO && padding % 2 != 0)) {
            NDArray padded = mode == Padding.REFLECT ? reflectionPad(input, padding) : input;
            return conv2d(padded, weight, bias, 1, mode == Padding.REFLECT ? 0 : padding);
        }
        long images = shape.get(0);
        long channels = shape.get(1);
        NDArray phases;
        int convolutionPadding;
        if (mode == Padding.REFLECT) {
            if (padding >= height || padding >= width) {
                throw new IllegalArgumentException("reflection padding " + padding + " needs an input larger than "
                        + height + "x" + width);
            }
            // One gather reflects and rearranges: phases[n, c, p, q, j, l] = padded[n, c, 2j + p, 2l + q].
            phases = gatherPhases(input, paddedIndices(height, padding, padding, true),
                    paddedIndices(width, padding, padding, true));
            convolutionPadding = 0;
        } else {
            phases = input.reshape(images, channels, height / 2, 2, width / 2, 2).transpose(0, 1, 3, 5, 2, 4);
            convolutionPadding = padding / 2;
        }
        Shape phaseShape = phases.getShape();
        NDArray rearranged = phases.reshape(images, 4 * channels, phaseShape.get(4), phaseShape.get(5));
        NDArray output = conv2d(rearranged, phaseKernel(weight, input), bias == null ? null
                : besideInput(bias.tile(4), input), 1, convolutionPadding);
        Shape outputShape = output.getShape();
        return interleavePhases(output, outputShape.get(2), outputShape.get(3), 0, 0);
    }

    /**
     * The half-resolution kernel: output phase a reads padded rows 2m + s, s = 0..k, which sit in
     * input phase s mod 2 at row m + s div 2, with weight row s - a (zero outside the kernel). So
     * group (a, b) takes, from input phase (p, q), rows p - a, p - a + 2, … and columns likewise.
     */
    private static NDArray phaseKernel(NDArray weight, NDArray input) {
        Shape shape = weight.getShape();
        long outputs = shape.get(0);
        long inputs = shape.get(1);
        int half = (int) (shape.get(2) + 1) / 2;
        NDArray framed = besideInput(weight.pad(new Shape(1, 1, 1, 1), 0), input);
        NDList groups = new NDList();
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                NDList taps = new NDList();
                for (int p = 0; p < 2; p++) {
                    for (int q = 0; q < 2; q++) {
                        int row = p - a + 1;
                        int column = q - b + 1;
                        taps.add(framed.get(new NDIndex().addAllDim(2).addSliceDim(row, row + 2L * half - 1, 2)
                                .addSliceDim(column, column + 2L * half - 1, 2)));
                    }
                }
                groups.add(NDArrays.stack(taps, 2).reshape(outputs, 4 * inputs, half, half));
            }
        }
        return NDArrays.concat(groups, 0);
    }

    /** {@code input[:, :, rows[2j + p], columns[2l + q]]} arranged as (N, C, p, q, j, l). */
    private static NDArray gatherPhases(NDArray input, long[] rows, long[] columns) {
        NDManager manager = input.getManager();
        int halfRows = rows.length / 2;
        int halfColumns = columns.length / 2;
        long[] rowIndex = new long[rows.length];
        for (int p = 0; p < 2; p++) {
            for (int j = 0; j < halfRows; j++) {
                rowIndex[p * halfRows + j] = rows[2 * j + p];
            }
        }
        long[] columnIndex = new long[columns.length];
        for (int q = 0; q < 2; q++) {
            for (int l = 0; l < halfColumns; l++) {
                columnIndex[q * halfColumns + l] = columns[2 * l + q];
            }
        }
        NDArray rowArray = HostArrays.of(manager, rowIndex, new Shape(2, 1, halfRows, 1));
        NDArray columnArray = HostArrays.of(manager, columnIndex, new Shape(1, 2, 1, halfColumns));
        return input.get(new NDIndex(":, :, {}, {}", rowArray, columnArray));
    }

    /**
     * Interleaves four parity phases computed as one convolution: channel group 2a+b holds output
     * pixels (2m+a, 2n+b), at (m + a·rowShift, n + b·columnShift) of its map.
     */
    private static NDArray interleavePhases(NDArray phases, long height, long width, int rowShift, int columnShift) {
        Shape shape = phases.getShape();
        long channels = shape.get(1) / 4;
        if (rowShift == 0 && columnShift == 0) {
            long images = shape.get(0);
            return phases.reshape(images, 2, 2, channels, height, width).transpose(0, 3, 4, 1, 5, 2)
                    .reshape(images, channels, 2 * height, 2 * width);
        }
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray[] columns = new NDArray[2];
            for (int b = 0; b < 2; b++) {
                int group = 2 * a + b;
                columns[b] = phases.get(new NDIndex().addAllDim().addSliceDim(group * channels, (group + 1) * channels)
                        .addSliceDim(a * rowShift, a * rowShift + height)
                        .addSliceDim(b * columnShift, b * columnShift + width));
            }
            rows[a] = NDArrays.stack(new NDList(columns), 4);
        }
        return NDArrays.stack(new NDList(rows), 3).reshape(shape.get(0), channels, 2 * height, 2 * width);
    }

    /**
     * A residual block as Johnson et al. use it (after He et al.): {@code x + second(relu(first(x)))},
     * with no activation after the sum, where each stage is a convolution and its normalisation.
     */
    public static NDArray residualBlock(NDArray input, UnaryOperator<NDArray> first, UnaryOperator<NDArray> second) {
        return second.apply(relu(first.apply(input))).add(input);
    }

    public static NDArray relu(NDArray input) {
        return Activation.relu(input);
    }

    /** 2x2 max pooling with stride 2; {@code ceilMode} keeps a last odd row/column as Caffe did. */
    public static NDArray maxPool(NDArray input, boolean ceilMode) {
        return Pool.maxPool2d(input, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), ceilMode);
    }

    /** 2x2 average pooling with stride 2 (Gatys et al. preferred it to max pooling). */
    public static NDArray averagePool(NDArray input, boolean ceilMode) {
        return Pool.avgPool2d(input, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), ceilMode, false);
    }

    /**
     * Pads height and width by mirroring without repeating the edge pixel, like PyTorch's
     * {@code ReflectionPad2d(padding)}. Requires {@code padding < height} and {@code < width}.
     */
    public static NDArray reflectionPad(NDArray input, int padding) {
        return reflectionPad(input, padding, padding, padding, padding);
    }

    /** Reflection padding with separate amounts per side, {@code (top, bottom, left, right)}. */
    public static NDArray reflectionPad(NDArray input, int top, int bottom, int left, int right) {
        return reflectionPad(input, top, bottom, left, right, null);
    }

    /**
     * As {@link #reflectionPad(NDArray, int, int, int, int)}, by a kept index from {@code indices}
     * when it has one (or {@code null}).
     */
    public static NDArray reflectionPad(NDArray input, int top, int bottom, int left, int right,
            GatherIndices indices) {
        Shape shape = input.getShape();
        if (Math.max(top, bottom) >= shape.get(2) || Math.max(left, right) >= shape.get(3)) {
            throw new IllegalArgumentException("reflection padding " + Math.max(Math.max(top, bottom),
                    Math.max(left, right)) + " needs an input larger than " + shape.get(2) + "x" + shape.get(3));
        }
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return input;
        }
        return gatherRowsAndColumns(input, paddedIndices(shape.get(2), top, bottom, true),
                paddedIndices(shape.get(3), left, right, true), indices);
    }

    /**
     * Pads height and width by repeating the edge pixels, like PyTorch's {@code ReplicationPad2d}.
     * Nearest-neighbour upsampling then reflection padding by one equals this padding then
     * upsampling, which is what lets {@link #upsampleConvolution} work at the input's resolution.
     */
    public static NDArray replicationPad(NDArray input, int padding) {
        return replicationPad(input, padding, null);
    }

    /**
     * As {@link #replicationPad(NDArray, int)}, by a kept index from {@code indices} when it has one
     * (or {@code null}).
     */
    public static NDArray replicationPad(NDArray input, int padding, GatherIndices indices) {
        Shape shape = input.getShape();
        return gatherRowsAndColumns(input, paddedIndices(shape.get(2), padding, padding, false),
                paddedIndices(shape.get(3), padding, padding, false), indices);
    }

    /**
     * The source row (or column) of each padded one: mirrored without repeating the edge, or the
     * edge repeated.
     */
    private static long[] paddedIndices(long size, int before, int after, boolean reflect) {
        long[] indices = new long[(int) (size + before + after)];
        for (int i = 0; i < indices.length; i++) {
            long source = i - before;
            if (source < 0) {
                source = reflect ? -source : 0;
            } else if (source >= size) {
                source = reflect ? 2 * (size - 1) - source : size - 1;
            }
            indices[i] = source;
        }
        return indices;
    }

    /**
     * {@code input[:, :, rows[:, None], columns[None, :]]}: one gather builds the whole padded
     * array, about twice as fast as slicing, flipping and concatenating each side.
     */
    private static NDArray gatherRowsAndColumns(NDArray input, long[] rows, long[] columns, GatherIndices indices) {
        NDArray taken = indices == null ? null : indices.gatherRowsAndColumns(input, rows, columns);
        if (taken != null) {
            return taken;
        }
        NDManager manager = input.getManager();
        NDArray rowIndex = HostArrays.of(manager, rows, new Shape(rows.length, 1));
        NDArray columnIndex = HostArrays.of(manager, columns, new Shape(1, columns.length));
        return input.get(new NDIndex(":, :, {}, {}", rowIndex, columnIndex));
    }

    /**
     * Zero padding with separate amounts per side, {@code (top, bottom, left, right)}: TensorFlow's
     * SAME padding puts the odd pixel at the bottom/right, which symmetric padding cannot express.
     */
    public static NDArray zeroPad(NDArray input, int top, int bottom, int left, int right) {
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return input;
        }
        // DJL's pad takes (before, after) pairs from the last axis backwards, as torch's pad does.
        return input.pad(new Shape(left, right, top, bottom), 0);
    }

    /**
     * Total SAME padding TensorFlow applies along one axis for a convolution of this kernel and
     * stride; the smaller half goes before, the larger after.
     */
    public static int samePaddingTotal(long inputSize, int kernel, int stride) {
        long outputSize = (inputSize + stride - 1) / stride;
        return (int) Math.max((outputSize - 1) * stride + kernel - inputSize, 0);
    }

    /**
     * Instance normalisation (Ulyanov et al. 2016): each channel of each image normalised by its own
     * spatial mean and biased variance, then scaled and shifted per channel.
     *
     * <p>Computed by the engine's fused batch-norm kernel on an (1, N·C, H, W) view, where batch
     * statistics are exactly per-instance statistics: one pass instead of six element-wise ops
     * (about 3x faster on the transformer's feature maps), and differentiable all the same.
     *
     * @param scale per-channel multiplier, shape (C)
     * @param shift per-channel offset, shape (C)
     */
    public static NDArray instanceNorm(NDArray input, NDArray scale, NDArray shift, double epsilon) {
        Shape shape = input.getShape();
        long images = shape.get(0);
        long channels = shape.get(1);
        if (shape.get(2) * shape.get(3) < 2) {
            // The fused kernel refuses a single value per channel; its normalised value is 0 anyway.
            return normalizeInstance(input, epsilon).mul(besideInput(scale.reshape(1, channels, 1, 1), input))
                    .add(besideInput(shift.reshape(1, channels, 1, 1), input));
        }
        NDManager manager = input.getManager();
        NDArray instances = input.reshape(1, images * channels, shape.get(2), shape.get(3));
        NDArray scales = images == 1 ? scale : besideInput(scale.tile(images), input);
        NDArray shifts = images == 1 ? shift : besideInput(shift.tile(images), input);
        // Training mode normalises by the batch's own statistics; the running ones it updates are scratch.
        NDArray runningMean = manager.zeros(new Shape(images * channels), input.getDataType());
        NDArray runningVariance = manager.ones(new Shape(images * channels), input.getDataType());
        NDArray normalized = BatchNorm.batchNorm(instances, runningMean, runningVariance, scales, shifts, 1, 0.1f,
                (float) epsilon, true).singletonOrThrow();
        return normalized.reshape(shape);
    }

    /**
     * Moves an array derived from a long-lived parameter to the input's manager. DJL attaches a
     * result to its first operand's manager, so a reshaped weight would otherwise pile up in the
     * network's own manager on every forward pass.
     */
    private static NDArray besideInput(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }

    /** Instance normalisation without the affine part. */
    public static NDArray normalizeInstance(NDArray input, double epsilon) {
        // PyTorch's engine reduces over one axis at a time: flatten H and W into one.
        Shape shape = input.getShape();
        NDArray flat = input.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
        NDArray centered = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centered.square().mean(new int[] {2}, true);
        return centered.div(Constants.plus(variance, epsilon).sqrt()).reshape(shape);
    }

    /** Nearest-neighbour upsampling by an integer factor: each pixel becomes a factor x factor block. */
    public static NDArray upsampleNearest(NDArray input, int factor) {
        return input.repeat(2, factor).repeat(3, factor);
    }
}
