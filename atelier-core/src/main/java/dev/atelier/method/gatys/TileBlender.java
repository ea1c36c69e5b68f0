package dev.atelier.method.gatys;

import dev.atelier.io.RgbImage;
import dev.atelier.tiling.FeatheredCanvas;
import dev.atelier.tiling.TilePlan;

/**
 * Puts refined tiles back into a full-size image held in Java memory, feathered so no seam shows.
 * Tiles are refined one after another, each starting from what is already there: the blend of the
 * tiles done so far over the base image (the previous scale's result, upsampled). Where tiles
 * overlap, a later tile starts from its neighbour's refinement, so both agree across the seam.
 *
 * <p>Holds {@code Σ wₜ·tileₜ} over the tiles done and {@code Σ wₜ}; the image at any moment is
 * {@code Σ wₜ·tileₜ + (1 − Σ wₜ)·base}, which is the plain weighted blend once every tile is done.
 */
final class TileBlender {
    private final TilePlan plan;
    private final RgbImage base;
    private final float[] featherSum;
    private final float[] accumulated;
    private final float[] weightDone;
    private int tilesDone;

    TileBlender(TilePlan plan, RgbImage base) {
        this(plan, base, new float[3 * plan.width() * plan.height()], 0);
    }

    /**
     * A blender resumed with {@code tilesDone} tiles already accumulated into {@code accumulated}
     * (as {@link #accumulated()} returned it).
     */
    TileBlender(TilePlan plan, RgbImage base, float[] accumulated, int tilesDone) {
        if (base.width() != plan.width() || base.height() != plan.height()) {
            throw new IllegalArgumentException("base " + base + " does not match the tile plan's "
                    + plan.width() + " x " + plan.height());
        }
        if (accumulated.length != 3 * plan.width() * plan.height()) {
            throw new IllegalArgumentException("accumulated image has the wrong size");
        }
        this.plan = plan;
        this.base = base;
        this.featherSum = plan.featherSum();
        this.accumulated = accumulated;
        this.weightDone = new float[plan.width() * plan.height()];
        for (int i = 0; i < tilesDone; i++) {
            TilePlan.Tile tile = plan.tiles().get(i);
            float[] weights = plan.blendWeights(tile, featherSum);
            forEachPixel(tile, (inTile, inImage) -> weightDone[inImage] += weights[inTile]);
        }
        this.tilesDone = tilesDone;
    }

    int tilesDone() {
        return tilesDone;
    }

    RgbImage base() {
        return base;
    }

    /** The running sum {@code Σ wₜ·tileₜ}, CHW; shared, not copied (for checkpoints). */
    float[] accumulated() {
        return accumulated;
    }

    /** Where tile {@code tile} starts: the current image over its region. */
    RgbImage startOf(TilePlan.Tile tile) {
        int pixels = plan.width() * plan.height();
        float[] basePlanes = base.sharedPlanes();
        float[] start = new float[3 * tile.pixelCount()];
        forEachPixel(tile, (inTile, inImage) -> {
            float rest = 1 - weightDone[inImage];
            for (int c = 0; c < 3; c++) {
                start[c * tile.pixelCount() + inTile] = accumulated[c * pixels + inImage]
                        + rest * basePlanes[c * pixels + inImage];
            }
        });
        clamp(start);
        return RgbImage.wrap(tile.width(), tile.height(), start);
    }

    /** Adds the next tile's result with its blend weights. */
    void add(TilePlan.Tile tile, RgbImage result) {
        if (plan.tiles().indexOf(tile) != tilesDone) {
            throw new IllegalStateException("tiles must be added in plan order");
        }
        accumulate(accumulated, weightDone, tile, result);
        tilesDone++;
    }

    /** The full image now: the tiles done blended over the base. */
    RgbImage current() {
        return compose(accumulated, weightDone);
    }

    /** The full image as if {@code partial} were the next tile's result, without keeping it. */
    RgbImage currentWith(TilePlan.Tile tile, RgbImage partial) {
        float[] sum = accumulated.clone();
        float[] weights = weightDone.clone();
        accumulate(sum, weights, tile, partial);
        return compose(sum, weights);
    }

    private void accumulate(float[] sum, float[] weights, TilePlan.Tile tile, RgbImage result) {
        if (result.width() != tile.width() || result.height() != tile.height()) {
            throw new IllegalArgumentException("tile result " + result + " does not match " + tile);
        }
        int pixels = plan.width() * plan.height();
        float[] blend = plan.blendWeights(tile, featherSum);
        float[] planes = result.sharedPlanes();
        forEachPixel(tile, (inTile, inImage) -> {
            float weight = blend[inTile];
            weights[inImage] += weight;
            for (int c = 0; c < 3; c++) {
                sum[c * pixels + inImage] += weight * planes[c * tile.pixelCount() + inTile];
            }
        });
    }

    private RgbImage compose(float[] sum, float[] weights) {
        return FeatheredCanvas.compose(base, sum, weights);
    }

    /** Rounding can leave a sum of weights a hair off 1: keep samples in [0, 1]. */
    private static void clamp(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, Math.min(1, values[i]));
        }
    }

    private interface PixelVisitor {
        void visit(int inTile, int inImage);
    }

    private void forEachPixel(TilePlan.Tile tile, PixelVisitor visitor) {
        for (int y = 0; y < tile.height(); y++) {
            int row = (tile.y() + y) * plan.width() + tile.x();
            for (int x = 0; x < tile.width(); x++) {
                visitor.visit(y * tile.width() + x, row + x);
            }
        }
    }
}
