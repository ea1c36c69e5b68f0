package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A stride-1 convolution computed in horizontal strips whose input and output fit in the
 * processor's cache, then joined. The result is the same sums as one convolution (each strip reads
 * the rows its outputs need, padding only at the image's own top and bottom).
 *
 * <p>Why: on our two-core machine libtorch's convolution of a large, shallow tensor runs out of
 * cache. 64→64 channels at 512² took 370–420 ms in one call and 70–110 ms in 32-row strips (plus
 * about as much to join them), with bit-identical results; see BENCHMARKS.md.
 */
final class StripConvolution {
    /** Input plus output bytes above which a convolution is split. */
    static final long SPLIT_ABOVE_BYTES = 16L << 20;
    /**
     * Input plus output bytes a strip aims at: 8 MiB strips beat 16 MiB ones (68–88 against
     * 104–149 ms for 64→64 channels at 512²).
     */
    static final long STRIP_BYTES = 8L << 20;
    private static final int MINIMUM_ROWS = 8;

    private StripConvolution() {}

    /**
     * Whether splitting pays: a stride-1 convolution over more than one strip's worth of rows, run
     * while no gradient is being recorded. Under autograd each slice's backward pass writes a
     * zero-filled gradient of the whole input, which made a 512² forward and backward of VGG-19
     * 2.7 times slower; so optimisation and training keep single convolutions.
     */
    static boolean worthSplitting(Shape input, long outputChannels, long kernelHeight, int stride) {
        return !JniUtils.isGradMode() && stride == 1
                && rowsPerStrip(input, outputChannels) + kernelHeight < input.get(2)
                && bytes(input, outputChannels, input.get(2)) > SPLIT_ABOVE_BYTES;
    }

    static int rowsPerStrip(Shape input, long outputChannels) {
        long perRow = bytes(input, outputChannels, 1);
        return (int) Math.max(MINIMUM_ROWS, STRIP_BYTES / perRow);
    }

    private static long bytes(Shape input, long outputChannels, long rows) {
        return Float.BYTES * input.get(0) * (input.get(1) + outputChannels) * rows * input.get(3);
    }

    /**
     * The convolution with symmetric zero padding {@code padding}, computed strip by strip. Output
     * row {@code o} reads input rows {@code o − padding … o − padding + k − 1}.
     */
    static NDArray apply(NDArray input, NDArray weight, NDArray bias, int padding) {
        Shape shape = input.getShape();
        long height = shape.get(2);
        long kernel = weight.getShape().get(2);
        long outputHeight = height + 2L * padding - kernel + 1;
        int rows = rowsPerStrip(shape, weight.getShape().get(0));
        NDList strips = new NDList();
        for (long first = 0; first < outputHeight; first += rows) {
            long end = Math.min(outputHeight, first + rows);
            long from = first - padding;
            long to = end - padding + kernel - 1;
            long missingAbove = Math.max(0, -from);
            long missingBelow = Math.max(0, to - height);
            // libtorch pads both sides alike: pad by the larger gap and drop the rows that makes extra.
            long rowPadding = Math.max(missingAbove, missingBelow);
            NDArray rowsIn = input.get(new NDIndex(":, :, {}:{}, :", Math.max(0, from), Math.min(height, to)));
            NDArray rowsOut = Conv2d.conv2d(rowsIn, weight, bias, new Shape(1, 1), new Shape(rowPadding, padding),
                    new Shape(1, 1), 1).singletonOrThrow();
            if (rowPadding > 0) {
                long skip = rowPadding - missingAbove;
                rowsOut = rowsOut.get(new NDIndex(":, :, {}:{}, :", skip, skip + end - first));
            }
            strips.add(rowsOut);
        }
        return NDArrays.concat(strips, 2);
    }
}
