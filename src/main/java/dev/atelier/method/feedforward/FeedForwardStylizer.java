package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import dev.atelier.nn.Constants;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Layers;
import dev.atelier.nn.TransformerNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast style transfer (Johnson et al. 2016): one forward pass of a trained transformation network.
 * Any input size works and the output has the input's size: a side that is not a multiple of 4 is
 * reflection-padded up to one (the network halves the size twice) and the result cropped back, so
 * sizes that are multiples of 4 see the network applied with no padding or resampling at all.
 */
public final class FeedForwardStylizer {
    /** Smallest side accepted: the 9x9 border convolutions need room to reflect. */
    public static final int MINIMUM_SIDE = 16;

    private final TransformerNetwork network;

    public FeedForwardStylizer(TransformerNetwork network) {
        this.network = network;
    }

    public TransformerNetwork network() {
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
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = Constants.times(ImageTensors.toBatch(manager, contents), 255);
            int bottom = (4 - height % 4) % 4;
            int right = (4 - width % 4) % 4;
            NDArray padded = Layers.reflectionPad(batch, 0, bottom, 0, right);
            NDArray output = network.forward(padded);
            if (bottom > 0 || right > 0) {
                output = output.get(":, :, 0:" + height + ", 0:" + width);
            }
            NDArray rgb = Constants.dividedBy(output, 255);
            List<RgbImage> results = new ArrayList<>();
            Shape shape = rgb.getShape();
            for (int i = 0; i < shape.get(0); i++) {
                results.add(ImageTensors.toImage(rgb, i));
            }
            return results;
        }
    }
}
