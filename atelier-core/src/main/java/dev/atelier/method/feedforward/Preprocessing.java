package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import dev.atelier.nn.ImageNetNormalization;
import java.util.Locale;

/**
 * How a network saved by jcjohnson/fast-neural-style wants its input and gives its output (its
 * checkpoint's {@code opt.preprocessing}; {@code fast_neural_style/preprocess.lua}). Atelier's
 * feed-forward networks take and give RGB in 0–255, so a module network converts on the way in and
 * back on the way out.
 */
public enum Preprocessing {
    /**
     * Caffe VGG's: BGR in 0–255 minus the ImageNet mean pixel (103.939, 116.779, 123.68); the
     * default of fast-neural-style and of every released network.
     */
    VGG,
    /** fb.resnet.torch's: RGB in [0, 1], minus the ImageNet mean, divided by its deviation. */
    RESNET;

    private static final float[] VGG_MEAN_BGR = {103.939f, 116.779f, 123.68f};

    /** The name in checkpoints and model files: {@code vgg}, {@code resnet}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name}, or {@code null}. */
    public static Preprocessing named(String name) {
        for (Preprocessing kind : values()) {
            if (kind.displayName().equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /** From an (N, 3, H, W) batch of RGB in 0–255 to what the network takes. */
    NDArray prepare(NDArray rgb) {
        return switch (this) {
            case VGG -> rgb.flip(1).sub(column(rgb, VGG_MEAN_BGR));
            case RESNET -> ImageNetNormalization.normalize(Constants.dividedBy(rgb, 255));
        };
    }

    /** From the network's output back to RGB in 0–255. */
    NDArray restore(NDArray output) {
        return switch (this) {
            case VGG -> output.add(column(output, VGG_MEAN_BGR)).flip(1);
            case RESNET -> Constants.times(ImageNetNormalization.denormalize(output), 255);
        };
    }

    private static NDArray column(NDArray like, float[] values) {
        return Constants.vector(like, values).reshape(1, 3, 1, 1);
    }
}
