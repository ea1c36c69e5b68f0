package dev.atelier.method.magenta;
import dev.atelier.nn.Layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The building blocks of MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
 * Bottlenecks", CVPR 2018) as TensorFlow computes them, on NCHW arrays: ReLU6, and convolutions
 * (full and depthwise) with TensorFlow's SAME padding, which at stride 2 puts the odd padding
 * pixel after the image (bottom and right) where PyTorch's symmetric padding cannot.
 */
public final class MobileNetLayers {
    private MobileNetLayers() {}

    /** {@code min(max(x, 0), 6)}. */
    public static NDArray relu6(NDArray input) {
        return Activation.relu6(input);
    }

    /**
     * A convolution with TensorFlow's SAME padding: the output has ceil(H / stride) rows, the input
     * is zero-padded by {@link Layers#samePaddingTotal} pixels, the smaller half before.
     *
     * @param weight (out, in, k, k)
     * @param bias (out), or {@code null}
     */
    public static NDArray sameConvolution(NDArray input, NDArray weight, NDArray bias, int stride) {
        return same(input, weight, bias, stride, 1);
    }

    /**
     * A depthwise convolution (each channel filtered on its own, depth multiplier 1) with SAME
     * padding.
     *
     * @param weight (C, 1, k, k): channel c's filter at index c
     * @param bias (C), or {@code null}
     */
    public static NDArray depthwiseConvolution(NDArray input, NDArray weight, NDArray bias, int stride) {
        long channels = input.getShape().get(1);
        if (weight.getShape().get(0) != channels || weight.getShape().get(1) != 1) {
            throw new IllegalArgumentException("a depthwise filter for " + channels + " channels is (" + channels
                    + ", 1, k, k), got " + weight.getShape());
        }
        return same(input, weight, bias, stride, (int) channels);
    }

    private static NDArray same(NDArray input, NDArray weight, NDArray bias, int stride, int groups) {
        Shape shape = input.getShape();
        int kernel = (int) weight.getShape().get(2);
        int vertical = Layers.samePaddingTotal(shape.get(2), kernel, stride);
        int horizontal = Layers.samePaddingTotal(shape.get(3), kernel, stride);
        NDArray padded = input;
        int symmetric = 0;
        if (vertical == horizontal && vertical % 2 == 0) {
            // Symmetric: the convolution pads by itself, without a padded copy.
            symmetric = vertical / 2;
        } else {
            padded = Layers.zeroPad(input, vertical / 2, vertical - vertical / 2, horizontal / 2,
                    horizontal - horizontal / 2);
        }
        if (groups == 1) {
            return Layers.conv2d(padded, weight, bias, stride, symmetric);
        }
        return Conv2d.conv2d(padded, weight, bias, new Shape(stride, stride), new Shape(symmetric, symmetric),
                new Shape(1, 1), groups).singletonOrThrow();
    }
}
