package dev.atelier.io;

import dev.atelier.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks for spatial control, brought to the grid of a network's features: each mask is stretched to
 * the photo, its brightness taken as the share of its style, the border reflected like the photo's,
 * and each stride x stride block averaged into one feature cell.
 */
public final class StyleMasks {
    /** Fewer feature cells than this cannot give a region a standard deviation. */
    private static final double MINIMUM_CELLS = 2;

    private StyleMasks() {}

    /** One map per mask, row-major on the feature grid of {@code photo}, values in [0, 1]. */
    public static List<float[]> atFeatureResolution(List<RgbImage> masks, RgbImage photo, int stride) {
        int width = photo.width();
        int height = photo.height();
        // The photo is reflected out to a multiple of the stride, as the networks see it.
        int paddedWidth = width + (stride - width % stride) % stride;
        int paddedHeight = height + (stride - height % stride) % stride;
        int columns = paddedWidth / stride;
        int rows = paddedHeight / stride;
        List<float[]> maps = new ArrayList<>();
        for (int i = 0; i < masks.size(); i++) {
            float[] brightness = brightness(Resampler.resizeTo(masks.get(i), width, height));
            float[] cells = new float[rows * columns];
            double mass = 0;
            for (int y = 0; y < paddedHeight; y++) {
                int sourceRow = reflect(y, height);
                for (int x = 0; x < paddedWidth; x++) {
                    cells[(y / stride) * columns + x / stride] += brightness[sourceRow * width + reflect(x, width)];
                }
            }
            for (int cell = 0; cell < cells.length; cell++) {
                cells[cell] /= stride * stride;
                mass += cells[cell];
            }
            if (mass < MINIMUM_CELLS) {
                throw new BadInputException("style mask " + (i + 1) + " of " + masks.size()
                        + " covers (almost) none of the photo; a mask is white where its style goes");
            }
            maps.add(cells);
        }
        return maps;
    }

    /** How much style each cell asks for in all: the masks' sum. */
    public static float[] coverage(List<float[]> masks) {
        float[] sum = new float[masks.get(0).length];
        for (float[] mask : masks) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += mask[i];
            }
        }
        return sum;
    }

    /** A style's share of each cell: its mask, scaled down where the masks overlap to more than 1. */
    public static float[] share(float[] mask, float[] coverage) {
        float[] share = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            share[i] = mask[i] / Math.max(1, coverage[i]);
        }
        return share;
    }

    /** What no mask claims, where the photo's own features stay. */
    public static float[] remainder(float[] coverage) {
        float[] rest = new float[coverage.length];
        for (int i = 0; i < coverage.length; i++) {
            rest[i] = 1 - Math.min(1, coverage[i]);
        }
        return rest;
    }

    private static float[] brightness(RgbImage mask) {
        float[] planes = mask.sharedPlanes();
        int pixels = mask.width() * mask.height();
        float[] brightness = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            brightness[i] = (planes[i] + planes[pixels + i] + planes[2 * pixels + i]) / 3;
        }
        return brightness;
    }

    /** The source index of a position past the end, mirrored without repeating the edge. */
    private static int reflect(int position, int size) {
        return position < size ? position : 2 * (size - 1) - position;
    }
}
