package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

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
     * the output is split by the parity of its row and column: each of the four phases is an
     * ordinary convolution of the input with the kernel taps that reach it (2x2, 2x1, 1x2 and 1x1 taps,
     * nine in all, the same work as a direct transposed convolution), and the phases are interleaved.
     */
    public static NDArray transposedConvolutionSame(NDArray input, NDArray weight) {
        Shape shape = weight.getShape();
        if (shape.get(2) != 3 || shape.get(3) != 3) {
            throw new IllegalArgumentException("transposed convolution supports 3x3 kernels, got " + shape);
        }
        NDArray kernel = besideInput(weight.transpose(1, 0, 2, 3), input);
        // Even output rows 2m take input rows m-1 (tap 2) and m (tap 0); odd rows 2m+1 take row m (tap 1).
        NDArray evenRows = NDArrays.concat(new NDList(kernel.get(":, :, 2:3, :"), kernel.get(":, :, 0:1, :")), 2);
        NDArray oddRows = kernel.get(":, :, 1:2, :");
        NDArray evenEven = taps(evenRows, true);
        NDArray evenOdd = taps(evenRows, false);
        NDArray oddEven = taps(oddRows, true);
        NDArray oddOdd = taps(oddRows, false);
        NDArray phaseEvenEven = conv2d(zeroPad(input, 1, 0, 1, 0), evenEven, null, 1, 0);
        NDArray phaseEvenOdd = conv2d(zeroPad(input, 1, 0, 0, 0), evenOdd, null, 1, 0);
        NDArray phaseOddEven = conv2d(zeroPad(input, 0, 0, 1, 0), oddEven, null, 1, 0);
        NDArray phaseOddOdd = conv2d(input, oddOdd, null, 1, 0);
        NDArray evenColumns = interleave(phaseEvenEven, phaseOddEven, 2);
        NDArray oddColumns = interleave(phaseEvenOdd, phaseOddOdd, 2);
        return interleave(evenColumns, oddColumns, 3);
    }

    private static NDArray taps(NDArray rows, boolean evenColumns) {
        return evenColumns
                ? NDArrays.concat(new NDList(rows.get(":, :, :, 2:3"), rows.get(":, :, :, 0:1")), 3)
                : rows.get(":, :, :, 1:2");
    }

    /** Alternates slices of two equally shaped arrays along an axis: a0 b0 a1 b1 … */
    private static NDArray interleave(NDArray first, NDArray second, int axis) {
        Shape shape = first.getShape();
        NDArray stacked = NDArrays.stack(new NDList(first, second), axis + 1);
        long[] dimensions = shape.getShape().clone();
        dimensions[axis] *= 2;
        return stacked.reshape(new Shape(dimensions));
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
        Shape shape = input.getShape();
        if (Math.max(top, bottom) >= shape.get(2) || Math.max(left, right) >= shape.get(3)) {
            throw new IllegalArgumentException("reflection padding " + Math.max(Math.max(top, bottom),
                    Math.max(left, right)) + " needs an input larger than " + shape.get(2) + "x" + shape.get(3));
        }
        return reflectAxis(reflectAxis(input, 3, left, right), 2, top, bottom);
    }

    private static NDArray reflectAxis(NDArray input, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return input;
        }
        long size = input.getShape().get(axis);
        NDList parts = new NDList();
        if (before > 0) {
            parts.add(input.get(sliceOnAxis(axis, 1, before + 1)).flip(axis));
        }
        parts.add(input);
        if (after > 0) {
            parts.add(input.get(sliceOnAxis(axis, size - after - 1, size - 1)).flip(axis));
        }
        return NDArrays.concat(parts, axis);
    }

    private static NDIndex sliceOnAxis(int axis, long start, long end) {
        NDIndex index = new NDIndex();
        for (int i = 0; i < axis; i++) {
            index.addAllDim();
        }
        return index.addSliceDim(start, end);
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
     * @param scale per-channel multiplier, shape (C)
     * @param shift per-channel offset, shape (C)
     */
    public static NDArray instanceNorm(NDArray input, NDArray scale, NDArray shift, double epsilon) {
        NDArray normalized = normalizeInstance(input, epsilon);
        long channels = input.getShape().get(1);
        NDArray scaleColumn = besideInput(scale.reshape(1, channels, 1, 1), input);
        NDArray shiftColumn = besideInput(shift.reshape(1, channels, 1, 1), input);
        return normalized.mul(scaleColumn).add(shiftColumn);
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
