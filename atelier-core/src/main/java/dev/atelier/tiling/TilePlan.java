package dev.atelier.tiling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Overlapping tiles covering an image, for results larger than memory allows, and the feathered
 * weights that blend them back without a seam. The optimisation method refines each scale tile by
 * tile; the one-pass methods run their networks tile by tile ({@link OnePassTiling}).
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

    /**
     * Tiles for a network that shrinks its input by {@code alignment} (4 for the feed-forward and
     * Magenta transformers, 8 for AdaIN's encoder): every tile starts at a multiple of it, so its
     * feature grid is a window of the whole image's, and every tile has a side of {@code tileSize}
     * (a multiple of the alignment) except the last of each row and column, which ends at the border
     * (where the whole image is padded the same way) and is at most {@code alignment - 1} larger.
     * Neighbours overlap by at least {@code overlap}.
     *
     * @param tileSize a multiple of {@code alignment}
     * @param overlap a multiple of {@code alignment}, less than {@code tileSize - alignment}
     */
    public static TilePlan aligned(int width, int height, int tileSize, int overlap, int alignment) {
        if (alignment < 1 || tileSize % alignment != 0 || overlap % alignment != 0 || overlap < 0
                || overlap >= tileSize - alignment) {
            throw new IllegalArgumentException("tile size " + tileSize + " and overlap " + overlap
                    + " must be multiples of " + alignment + " with 0 <= overlap < tile size - " + alignment);
        }
        int[] columns = alignedPositions(width, tileSize, overlap, alignment);
        int[] rows = alignedPositions(height, tileSize, overlap, alignment);
        List<Tile> tiles = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            int tileHeight = r == rows.length - 1 ? height - rows[r] : tileSize;
            for (int c = 0; c < columns.length; c++) {
                int tileWidth = c == columns.length - 1 ? width - columns[c] : tileSize;
                tiles.add(new Tile(columns[c], rows[r], tileWidth, tileHeight));
            }
        }
        return new TilePlan(width, height, overlap, tiles);
    }

    /**
     * Aligned start positions along one axis: evenly spread, rounded down to the alignment, the last
     * at the last aligned position from which a full tile reaches the end. Steps are at most
     * {@code tileSize - overlap - alignment} before rounding, so every overlap survives it.
     */
    static int[] alignedPositions(int length, int tileSize, int overlap, int alignment) {
        if (length <= tileSize) {
            return new int[] {0};
        }
        int last = (length - tileSize) / alignment * alignment;
        if (last == 0) {
            // Less than one alignment step longer than a tile: one tile, a little larger.
            return new int[] {0};
        }
        int count = (int) Math.ceil((double) last / (tileSize - overlap - alignment)) + 1;
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = (int) ((long) i * last / (count - 1)) / alignment * alignment;
        }
        positions[count - 1] = last;
        return positions;
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
