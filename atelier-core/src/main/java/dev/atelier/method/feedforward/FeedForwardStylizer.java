package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast style transfer (Johnson et al. 2016): one forward pass of a trained transformation network.
 * Any input size works and the output has the input's size: a side that is not a multiple of 4 is
 * reflection-padded up to one (the network halves the size twice) and the result cropped back, so
 * sizes that are multiples of 4 see the network applied with no padding or resampling at all.
 *
 * <p>Not thread-safe in the sense that one network should serve one caller at a time; it holds no
 * state between calls, so one stylizer can repaint any number of images.
 */
public final class FeedForwardStylizer {
    /** Smallest side accepted: the 9x9 border convolutions need room to reflect. */
    public static final int MINIMUM_SIDE = 16;

    private final StyleNetwork network;

    public FeedForwardStylizer(StyleNetwork network) {
        this.network = network;
    }

    public StyleNetwork network() {
        return network;
    }

    public RgbImage stylize(RgbImage content) {
        return stylizeBatch(List.of(content)).get(0);
    }

    /** Stylises equally sized images in one batch: faster per image than one at a time. */
    public List<RgbImage> stylizeBatch(List<RgbImage> contents) {
        RgbImage first = contents.get(0);
        int width = first.width();
        int height = first.height();
        if (Math.min(width, height) < MINIMUM_SIDE) {
            throw new BadInputException("image is " + width + "x" + height + "; fast style transfer needs at least "
                    + MINIMUM_SIDE + " pixels on each side");
        }
        int planeSize = 3 * width * height;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = manager.create(toNetworkRange(contents, planeSize),
                    new Shape(contents.size(), 3, height, width));
            int bottom = (4 - height % 4) % 4;
            int right = (4 - width % 4) % 4;
            NDArray output = network.forward(Layers.reflectionPad(batch, 0, bottom, 0, right));
            if (bottom > 0 || right > 0) {
                output = output.get(":, :, 0:" + height + ", 0:" + width);
            }
            float[] values = output.toFloatArray();
            List<RgbImage> results = new ArrayList<>();
            for (int i = 0; i < contents.size(); i++) {
                float[] planes = new float[planeSize];
                for (int j = 0; j < planeSize; j++) {
                    planes[j] = Math.max(0f, Math.min(1f, values[i * planeSize + j] / 255f));
                }
                results.add(RgbImage.wrap(width, height, planes));
            }
            return results;
        }
    }

    /**
     * The images as one array of RGB in 0–255, the range both layouts take: scaled while copying,
     * which saves the engine a pass over the batch.
     */
    private static float[] toNetworkRange(List<RgbImage> images, int planeSize) {
        RgbImage first = images.get(0);
        float[] values = new float[planeSize * images.size()];
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            if (image.width() != first.width() || image.height() != first.height()) {
                throw new IllegalArgumentException("batch images differ in size: " + first.width() + "x"
                        + first.height() + " and " + image.width() + "x" + image.height());
            }
            float[] planes = image.sharedPlanes();
            for (int j = 0; j < planeSize; j++) {
                values[i * planeSize + j] = planes[j] * 255f;
            }
        }
        return values;
    }
}
