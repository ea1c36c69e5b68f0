package dev.atelier.method.magenta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.weights.HostTensor;

/**
 * TensorFlow Lite's weight layouts turned into the engine's, once, when a network is built:
 * filters are stored OHWI (depthwise ones 1HWC) and our convolutions take OIHW, contiguous.
 */
final class TfliteLayouts {
    private TfliteLayouts() {}

    /** A CONV_2D filter (O, H, W, I) as (O, I, H, W). */
    static NDArray convolution(NDManager manager, HostTensor filter) {
        long[] shape = filter.shape();
        int outputs = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int inputs = (int) shape[3];
        float[] stored = filter.values();
        float[] values = new float[stored.length];
        for (int o = 0; o < outputs; o++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int i = 0; i < inputs; i++) {
                        values[((o * inputs + i) * height + y) * width + x] = stored[((o * height + y) * width + x) * inputs + i];
                    }
                }
            }
        }
        return manager.create(values, new Shape(outputs, inputs, height, width));
    }

    /** A DEPTHWISE_CONV_2D filter (1, H, W, C) as (C, 1, H, W). */
    static NDArray depthwise(NDManager manager, HostTensor filter) {
        long[] shape = filter.shape();
        int height = (int) shape[1];
        int width = (int) shape[2];
        int channels = (int) shape[3];
        float[] stored = filter.values();
        float[] values = new float[stored.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    values[(c * height + y) * width + x] = stored[(y * width + x) * channels + c];
                }
            }
        }
        return manager.create(values, new Shape(channels, 1, height, width));
    }

    /**
     * A 1x1 CONV_2D filter (O, 1, 1, I) applied to a 1x1 map, as the (I, O) matrix that rows of
     * inputs are multiplied by.
     */
    static NDArray transposedMatrix(NDManager manager, HostTensor filter) {
        long[] shape = filter.shape();
        int outputs = (int) shape[0];
        int inputs = (int) shape[3];
        float[] stored = filter.values();
        float[] values = new float[stored.length];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < inputs; i++) {
                values[i * outputs + o] = stored[o * inputs + i];
            }
        }
        return manager.create(values, new Shape(inputs, outputs));
    }

    static NDArray vector(NDManager manager, HostTensor values) {
        return manager.create(values.values(), new Shape(values.shape()));
    }
}
