package dev.atelier.method.magenta;

import dev.atelier.io.RgbImage;
import dev.atelier.io.StyleMasks;
import java.util.List;

/**
 * Spatial control's weights: at every pixel, the share of each painting's embedding (its mask,
 * scaled down where masks overlap to more than 1) and of the photo's own embedding (what the masks
 * leave), summing to 1. They are made at the photo's full size, reflected out like the photo to
 * the network's padded size, and averaged over 2x2 and 4x4 blocks for the norms that work at half
 * and quarter size.
 *
 * @param width the padded width, a multiple of {@link StyleTransferNetwork#STRIDE}
 * @param height the padded height
 * @param full per source (paintings, then the photo), row-major at full size
 * @param half the same averaged over 2x2 blocks
 * @param quarter the same averaged over 4x4 blocks
 */
record RegionWeights(int width, int height, float[][] full, float[][] half, float[][] quarter) {

    static RegionWeights of(List<RgbImage> masks, RgbImage photo, int paddedWidth, int paddedHeight) {
        List<float[]> maps = StyleMasks.atFeatureResolution(masks, photo, 1);
        float[] coverage = StyleMasks.coverage(maps);
        float[][] full = new float[maps.size() + 1][];
        for (int i = 0; i < maps.size(); i++) {
            full[i] = reflect(StyleMasks.share(maps.get(i), coverage), photo.width(), photo.height(), paddedWidth,
                    paddedHeight);
        }
        full[maps.size()] = reflect(StyleMasks.remainder(coverage), photo.width(), photo.height(), paddedWidth,
                paddedHeight);
        float[][] half = halve(full, paddedWidth, paddedHeight);
        float[][] quarter = halve(half, paddedWidth / 2, paddedHeight / 2);
        return new RegionWeights(paddedWidth, paddedHeight, full, half, quarter);
    }

    /** The weights for a norm that works at {@code 1 / stride} of the padded size. */
    float[][] atStride(int stride) {
        return switch (stride) {
            case 1 -> full;
            case 2 -> half;
            case 4 -> quarter;
            default -> throw new IllegalArgumentException("no weights at stride " + stride);
        };
    }

    /** Whether the photo's own embedding has any share anywhere. */
    boolean photoShows() {
        for (float share : full[full.length - 1]) {
            if (share > 0) {
                return true;
            }
        }
        return false;
    }

    /** A map extended past the bottom and right by mirroring without repeating the edge, as the photo is. */
    private static float[] reflect(float[] map, int width, int height, int paddedWidth, int paddedHeight) {
        float[] padded = new float[paddedWidth * paddedHeight];
        for (int y = 0; y < paddedHeight; y++) {
            int row = y < height ? y : 2 * (height - 1) - y;
            for (int x = 0; x < paddedWidth; x++) {
                int column = x < width ? x : 2 * (width - 1) - x;
                padded[y * paddedWidth + x] = map[row * width + column];
            }
        }
        return padded;
    }

    private static float[][] halve(float[][] maps, int width, int height) {
        int halfWidth = width / 2;
        int halfHeight = height / 2;
        float[][] halved = new float[maps.length][halfWidth * halfHeight];
        for (int i = 0; i < maps.length; i++) {
            float[] map = maps[i];
            for (int y = 0; y < halfHeight; y++) {
                for (int x = 0; x < halfWidth; x++) {
                    int source = 2 * y * width + 2 * x;
                    halved[i][y * halfWidth + x] = (map[source] + map[source + 1] + map[source + width]
                            + map[source + width + 1]) / 4;
                }
            }
        }
        return halved;
    }
}
