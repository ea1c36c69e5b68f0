package dev.atelier.method.gatys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Overlapping tiles covering one scale's image, for results larger than memory allows, and the
 * feathered weights that blend them back without a seam.
 *
 * <p>Tiles are {@code tileSize} squares (or the image's own side where it is smaller), spread evenly
 * so that neighbours overlap by at least {@code overlap} pixels and the last tile ends at the
 * border. A tile's feather is 1 in its interior and ramps linearly down towards each side it shares
 * with a neighbour, over the overlap; at the image border it stays 1. Divided by the sum of every
 * tile's feather at each pixel, the weights sum to exactly 1, so a blend of identical tiles is the
 * tile itself.
 *
 * @param width the image's width
 * @param height the image's height
 * @param tiles the tiles, row by row
 * @param overlap the requested overlap between neighbours (the actual one may be larger)
 */
public record TilePlan(int width, int height, int overlap, List<Tile> tiles) {

    /** One tile: its top-left corner and size in the image. */
    public record Tile(int x, int y, int width, int height) {
        public int pixelCount() {
            return width * height;
        }
    }

    public TilePlan {
        tiles = Collections.unmodifiableList(new ArrayList<>(tiles));
    }

    /**
     * Tiles of at most {@code tileSize} pixels a side covering a {@code width x height} image with
     * neighbours overlapping by at least {@code overlap}; a single tile when the image fits.
     */
    public static TilePlan of(int width, int height, int tileSize, int overlap) {
        if (tileSize < 1 || overlap < 0 || overlap >= tileSize) {
            throw new IllegalArgumentException("tile size " + tileSize + " and overlap " + overlap
                    + " must satisfy 0 <= overlap < tile size");
        }
        List<Tile> tiles = new ArrayList<>();
        int[] columns = positions(width, tileSize, overlap);
        int[] rows = positions(height, tileSize, overlap);
        int tileWidth = Math.min(width, tileSize);
        int tileHeight = Math.min(height, tileSize);
        for (int row : rows) {
            for (int column : columns) {
                tiles.add(new Tile(column, row, tileWidth, tileHeight));
            }
        }
        return new TilePlan(width, height, overlap, tiles);
    }

    /** The default overlap for a tile size: an eighth of it, at least 32 pixels. */
    public static int defaultOverlap(int tileSize) {
        return Math.min(tileSize / 2, Math.max(32, tileSize / 8));
    }

    /** Start positions along one axis: as few tiles as keep the overlap, spread evenly to the end. */
    static int[] positions(int length, int tileSize, int overlap) {
        if (length <= tileSize) {
            return new int[] {0};
        }
        int stride = tileSize - overlap;
        int count = (int) Math.ceil((double) (length - overlap) / stride);
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = (int) Math.round((double) i * (length - tileSize) / (count - 1));
        }
        return positions;
    }

    public boolean isSingle() {
        return tiles.size() == 1;
    }

    /** Pixels in all tiles together: the work of one iteration on every tile. */
    public long tilePixels() {
        long total = 0;
        for (Tile tile : tiles) {
            total += tile.pixelCount();
        }
        return total;
    }

    /**
     * The unnormalised feather of a tile, row-major over the tile: the product of a horizontal and a
     * vertical ramp, each {@code (d + 0.5) / overlap} at distance {@code d} from a side shared with
     * a neighbour (within the overlap) and 1 elsewhere. Never 0, so every pixel has weight.
     */
    public float[] feather(Tile tile) {
        float[] horizontal = ramp(tile.x(), tile.width(), width);
        float[] vertical = ramp(tile.y(), tile.height(), height);
        float[] weights = new float[tile.pixelCount()];
        for (int y = 0; y < tile.height(); y++) {
            for (int x = 0; x < tile.width(); x++) {
                weights[y * tile.width() + x] = horizontal[x] * vertical[y];
            }
        }
        return weights;
    }

    private float[] ramp(int start, int length, int imageLength) {
        float[] ramp = new float[length];
        int band = Math.max(1, overlap);
        for (int d = 0; d < length; d++) {
            double value = 1;
            if (start > 0 && d < band) {
                value = Math.min(value, (d + 0.5) / band);
            }
            int fromEnd = length - 1 - d;
            if (start + length < imageLength && fromEnd < band) {
                value = Math.min(value, (fromEnd + 0.5) / band);
            }
            ramp[d] = (float) value;
        }
        return ramp;
    }

    /** The sum of every tile's feather at each pixel of the image, row-major: the blend's normaliser. */
    public float[] featherSum() {
        float[] sum = new float[width * height];
        for (Tile tile : tiles) {
            float[] weights = feather(tile);
            for (int y = 0; y < tile.height(); y++) {
                int row = (tile.y() + y) * width + tile.x();
                for (int x = 0; x < tile.width(); x++) {
                    sum[row + x] += weights[y * tile.width() + x];
                }
            }
        }
        return sum;
    }

    /**
     * A tile's blend weights, row-major over the tile: its feather divided by the feather sum, so the
     * weights of all tiles add up to 1 at every pixel.
     */
    public float[] blendWeights(Tile tile, float[] featherSum) {
        float[] weights = feather(tile);
        for (int y = 0; y < tile.height(); y++) {
            int row = (tile.y() + y) * width + tile.x();
            for (int x = 0; x < tile.width(); x++) {
                weights[y * tile.width() + x] /= featherSum[row + x];
            }
        }
        return weights;
    }
}
