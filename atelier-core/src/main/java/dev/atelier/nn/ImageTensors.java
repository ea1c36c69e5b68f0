package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.io.RgbImage;
import java.util.List;

/** Moving images between Java ({@link RgbImage}) and NDArrays in NCHW layout. */
public final class ImageTensors {
    private ImageTensors() {}

    /** A (1, 3, H, W) float32 array of RGB in [0, 1], attached to {@code manager}. */
    public static NDArray toTensor(NDManager manager, RgbImage image) {
        return HostArrays.of(manager, image.sharedPlanes(), new Shape(1, 3, image.height(), image.width()));
    }

    /** An (N, 3, H, W) batch of equally sized images. */
    public static NDArray toBatch(NDManager manager, List<RgbImage> images) {
        RgbImage first = images.get(0);
        int planeSize = 3 * first.width() * first.height();
        float[] values = new float[planeSize * images.size()];
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            if (image.width() != first.width() || image.height() != first.height()) {
                throw new IllegalArgumentException("batch images differ in size: " + first.width() + "x"
                        + first.height() + " and " + image.width() + "x" + image.height());
            }
            System.arraycopy(image.sharedPlanes(), 0, values, i * planeSize, planeSize);
        }
        return HostArrays.of(manager, values, new Shape(images.size(), 3, first.height(), first.width()));
    }

    /** Image {@code index} of an (N, 3, H, W) array of RGB, clamped to [0, 1]. */
    public static RgbImage toImage(NDArray batch, int index) {
        Shape shape = batch.getShape();
        try (NDManager scope = batch.getManager().newSubManager()) {
            NDArray single = batch.get(index);
            single.attach(scope);
            NDArray clamped = single.clip(0, 1).toType(DataType.FLOAT32, false);
            clamped.attach(scope);
            return RgbImage.wrap((int) shape.get(3), (int) shape.get(2), clamped.toFloatArray());
        }
    }

    /** The single image of a (1, 3, H, W) array of RGB, clamped to [0, 1]. */
    public static RgbImage toImage(NDArray image) {
        return toImage(image, 0);
    }
}
