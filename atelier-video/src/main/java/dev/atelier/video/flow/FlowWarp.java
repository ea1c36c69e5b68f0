package dev.atelier.video.flow;

import dev.atelier.io.RgbImage;
import java.util.stream.IntStream;

/** Moves a picture along a flow: backward warping with bilinear interpolation. */
public final class FlowWarp {
    private FlowWarp() {}

    /**
     * The picture each pixel {@code x} of which is {@code image} at {@code x + flow(x)} (border repeated):
     * with the flow from frame t to frame t − 1, frame t − 1's picture brought into frame t.
     */
    public static RgbImage warp(RgbImage image, FlowField flow) {
        int width = flow.width();
        int height = flow.height();
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("a " + image.width() + "x" + image.height() + " picture and a "
                    + width + "x" + height + " flow");
        }
        float[] planes = image.sharedPlanes();
        float[] warped = new float[planes.length];
        int area = width * height;
        float[] u = flow.us();
        float[] v = flow.vs();
        IntStream.range(0, height).parallel().forEach(y -> {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                float sourceX = x + u[i];
                float sourceY = y + v[i];
                for (int channel = 0; channel < 3; channel++) {
                    warped[channel * area + i] = Bilinear.sample(planes, channel * area, width, height, sourceX,
                            sourceY);
                }
            }
        });
        return RgbImage.wrap(width, height, warped);
    }
}
