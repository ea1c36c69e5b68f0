package dev.atelier.method.gatys;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.BadInputException;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.Layers;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.tiling.TilePlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guidance masks for spatial control (Gatys et al. 2017, sec. 4): a mask's brightness says how much
 * of its painting goes where. A mask is stretched to the image, and brought to each layer's
 * resolution by the same 2x2 averages (rounding down) the network's pooling takes, so mask cell and
 * feature cell cover the same pixels; the paper's simplest propagation, without erosion.
 */
final class RegionMasks {
    /** Fewer pixels than this leave a painting no region to speak of. */
    private static final double MINIMUM_PIXELS = 4;

    private RegionMasks() {}

    /** Each mask's brightness in [0, 1] at {@code width x height}, row-major; refuses an (almost) empty mask. */
    static List<float[]> planes(List<RgbImage> masks, int width, int height) {
        List<float[]> planes = new ArrayList<>();
        for (int i = 0; i < masks.size(); i++) {
            RgbImage mask = Resampler.resizeTo(masks.get(i), width, height);
            float[] samples = mask.sharedPlanes();
            int pixels = width * height;
            float[] brightness = new float[pixels];
            double mass = 0;
            for (int p = 0; p < pixels; p++) {
                brightness[p] = (samples[p] + samples[pixels + p] + samples[2 * pixels + p]) / 3;
                mass += brightness[p];
            }
            if (mass < MINIMUM_PIXELS) {
                throw new BadInputException("style mask " + (i + 1) + " of " + masks.size()
                        + " covers (almost) none of the photo; a mask is white where its painting goes");
            }
            planes.add(brightness);
        }
        return planes;
    }

    /** The part of a row-major plane under a tile. */
    static float[] crop(float[] plane, int width, TilePlan.Tile tile) {
        float[] part = new float[tile.pixelCount()];
        for (int y = 0; y < tile.height(); y++) {
            System.arraycopy(plane, (tile.y() + y) * width + tile.x(), part, y * tile.width(), tile.width());
        }
        return part;
    }

    /** Sum of a plane: the pixels of its region. */
    static double mass(float[] plane) {
        double sum = 0;
        for (float value : plane) {
            sum += value;
        }
        return sum;
    }

    /**
     * A mask at every layer's resolution, (1, 1, h, w) each, keyed by canonical layer name, attached
     * to {@code manager}.
     */
    static Map<String, NDArray> pyramid(float[] plane, int width, int height, VggArchitecture architecture,
            Collection<String> layers, NDManager manager) {
        List<NDArray> levels = new ArrayList<>();
        levels.add(manager.create(plane, new Shape(1, 1, height, width)));
        Map<String, NDArray> masks = new LinkedHashMap<>();
        for (String layer : layers) {
            int poolings = architecture.poolingsBefore(layer);
            while (levels.size() <= poolings) {
                levels.add(Layers.averagePool(levels.get(levels.size() - 1), false));
            }
            masks.put(architecture.canonicalName(layer), levels.get(poolings));
        }
        return masks;
    }
}
