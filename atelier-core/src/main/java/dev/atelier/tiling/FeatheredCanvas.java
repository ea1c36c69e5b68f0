package dev.atelier.tiling;

import dev.atelier.io.RgbImage;

/**
 * A full-size image put together from the tiles of a {@link TilePlan}, each weighted by its feathered
 * blend weights, which add up to 1 at every pixel: where tiles overlap they fade into each other, so
 * no seam shows. Holds 16 bytes a pixel in Java memory (the running weighted sum and the feathers'
 * normaliser) and hands the sum itself over as the result, without a copy.
 */
public final class FeatheredCanvas {
    private final TilePlan plan;
    private final float[] featherSum;
    private final float[] sum;
    private int tilesDone;

    public FeatheredCanvas(TilePlan plan) {
        this.plan = plan;
        this.featherSum = plan.featherSum();
        this.sum = new float[3 * plan.width() * plan.height()];
    }

    /** Java memory a canvas of {@code pixels} holds, in bytes. */
    public static long bytesFor(long pixels) {
        return 16 * pixels;
    }

    public int tilesDone() {
        return tilesDone;
    }

    /** Adds the next tile's result (tiles come in plan order). */
    public void add(TilePlan.Tile tile, RgbImage result) {
        if (plan.tiles().indexOf(tile) != tilesDone) {
            throw new IllegalStateException("tiles must be added in plan order");
        }
        if (result.width() != tile.width() || result.height() != tile.height()) {
            throw new IllegalArgumentException("tile result " + result + " does not match " + tile);
        }
        int pixels = plan.width() * plan.height();
        int tilePixels = tile.pixelCount();
        float[] weights = plan.blendWeights(tile, featherSum);
        float[] planes = result.sharedPlanes();
        for (int y = 0; y < tile.height(); y++) {
            int row = (tile.y() + y) * plan.width() + tile.x();
            for (int x = 0; x < tile.width(); x++) {
                int inTile = y * tile.width() + x;
                float weight = weights[inTile];
                for (int c = 0; c < 3; c++) {
                    sum[c * pixels + row + x] += weight * planes[c * tilePixels + inTile];
                }
            }
        }
        tilesDone++;
    }

    /** The finished image, once every tile is in: the canvas itself, clamped to [0, 1]. */
    public RgbImage result() {
        if (tilesDone != plan.tiles().size()) {
            throw new IllegalStateException(tilesDone + " of " + plan.tiles().size() + " tiles are in");
        }
        clamp(sum);
        return RgbImage.wrap(plan.width(), plan.height(), sum);
    }

    /**
     * The tiles done so far blended over {@code base} (the photo), for a run stopped part-way: where no
     * tile is yet, the base shows; across the last tile's feather the two fade into each other.
     */
    public RgbImage over(RgbImage base) {
        int pixels = plan.width() * plan.height();
        float[] done = new float[pixels];
        for (int t = 0; t < tilesDone; t++) {
            TilePlan.Tile tile = plan.tiles().get(t);
            float[] weights = plan.blendWeights(tile, featherSum);
            for (int y = 0; y < tile.height(); y++) {
                int row = (tile.y() + y) * plan.width() + tile.x();
                for (int x = 0; x < tile.width(); x++) {
                    done[row + x] += weights[y * tile.width() + x];
                }
            }
        }
        return compose(base, sum, done);
    }

    /**
     * Weighted tiles over a base picture: {@code sum} (CHW, each tile's samples times its weights)
     * plus the base wherever the weights ({@code weights}, per pixel) fall short of 1, clamped to [0, 1].
     * Shared by the optimisation's tile blender and this canvas.
     */
    public static RgbImage compose(RgbImage base, float[] sum, float[] weights) {
        int pixels = base.width() * base.height();
        float[] basePlanes = base.sharedPlanes();
        float[] image = new float[3 * pixels];
        for (int i = 0; i < pixels; i++) {
            float rest = Math.max(0, 1 - weights[i]);
            for (int c = 0; c < 3; c++) {
                image[c * pixels + i] = sum[c * pixels + i] + rest * basePlanes[c * pixels + i];
            }
        }
        clamp(image);
        return RgbImage.wrap(base.width(), base.height(), image);
    }

    /** Rounding can leave a sum of weights a hair off 1: keep samples in [0, 1]. */
    private static void clamp(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, Math.min(1, values[i]));
        }
    }
}
