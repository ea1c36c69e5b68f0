package dev.atelier.method.gatys;

import dev.atelier.tiling.TilePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a run will do: each scale of the {@link ScalePlan} at its image size, whole or as tiles.
 * A tiled scale runs its scale's iterations on every tile, so the run's iterations are the sum of
 * iterations times tiles over the scales.
 *
 * @param steps one per scale, coarse to fine
 * @param tileSize the tile size the plan was made with (resolved when automatic)
 */
public record RunPlan(List<Step> steps, int tileSize) {

    /**
     * One scale: its image size, iterations per tile and tiles.
     *
     * @param scaleIndex position in the scale plan, from 0 (coarsest)
     * @param width the image width at this scale
     * @param height the image height at this scale
     * @param iterations iterations on each tile (the whole image when untiled)
     * @param tiles the tiles; a single tile covering the image when it fits
     */
    public record Step(int scaleIndex, int width, int height, int iterations, TilePlan tiles) {
        public int tileCount() {
            return tiles.tiles().size();
        }
    }

    public RunPlan {
        steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * The plan for a photo of {@code photoWidth x photoHeight}: the scales of {@code options}, and tiles of
     * {@code tileSize} overlapping by {@link TilePlan#defaultOverlap} wherever a scale's image does
     * not fit in one.
     */
    public static RunPlan of(int photoWidth, int photoHeight, GatysOptions options, int tileSize) {
        ScalePlan scales = options.scalePlan(photoWidth, photoHeight);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < scales.scales().size(); i++) {
            ScalePlan.Scale scale = scales.scales().get(i);
            int[] size = dev.atelier.io.Resampler.fittedSize(photoWidth, photoHeight, scale.longestSide());
            steps.add(new Step(i, size[0], size[1], scale.iterations(),
                    TilePlan.of(size[0], size[1], tileSize, TilePlan.defaultOverlap(tileSize))));
        }
        return new RunPlan(steps, tileSize);
    }

    /** Iterations in all, every tile's counted. */
    public int totalIterations() {
        int total = 0;
        for (Step step : steps) {
            total += step.iterations() * step.tileCount();
        }
        return total;
    }

    /** Iterations done before tile {@code tileIndex} of scale {@code scaleIndex} starts. */
    public int iterationsBefore(int scaleIndex, int tileIndex) {
        int done = 0;
        for (Step step : steps) {
            if (step.scaleIndex() == scaleIndex) {
                return done + step.iterations() * tileIndex;
            }
            done += step.iterations() * step.tileCount();
        }
        return done;
    }

    /**
     * What an iteration costs beyond its pixels, in pixels: the optimiser's own work, the calls into the
     * engine, the Gram matrices of a fixed size. Measured: the default plan's 128 × 96 iterations took
     * 0.108 s and its 256 × 192 ones 0.309 s (BENCHMARKS.md, loss against time), 2.86 times as long
     * for 4 times the pixels, which is {@code c × (pixels + 7500)}. Without it an ETA taken at the
     * coarse scale (the first tenth of a run) came out up to twice the time left.
     */
    static final int ITERATION_OVERHEAD_PIXELS = 7500;

    /**
     * Estimated share of the run's work done after {@code iterationsDone} iterations, an iteration
     * costing in proportion to the pixels of its tile plus {@link #ITERATION_OVERHEAD_PIXELS}: what an
     * ETA should use ({@link dev.atelier.progress.RemainingTime}).
     */
    public double workFraction(int iterationsDone) {
        double total = 0;
        double done = 0;
        int remaining = iterationsDone;
        for (Step step : steps) {
            for (TilePlan.Tile tile : step.tiles().tiles()) {
                double cost = tile.pixelCount() + ITERATION_OVERHEAD_PIXELS;
                total += cost * step.iterations();
                int doneHere = Math.min(remaining, step.iterations());
                done += cost * doneHere;
                remaining -= doneHere;
            }
        }
        return total == 0 ? 1 : done / total;
    }

    /**
     * As {@link #workFraction(int)} at a position in the plan: {@code iterationsInUnit} iterations into
     * tile {@code tileIndex} of scale {@code scaleIndex}, every earlier unit counted as whole (a scale
     * that ended early, at its plateau, leaves none of its work to wait for).
     */
    public double workFraction(int scaleIndex, int tileIndex, int iterationsInUnit) {
        double total = 0;
        double done = 0;
        for (Step step : steps) {
            List<TilePlan.Tile> tiles = step.tiles().tiles();
            for (int t = 0; t < tiles.size(); t++) {
                double cost = tiles.get(t).pixelCount() + ITERATION_OVERHEAD_PIXELS;
                total += cost * step.iterations();
                if (step.scaleIndex() < scaleIndex || (step.scaleIndex() == scaleIndex && t < tileIndex)) {
                    done += cost * step.iterations();
                } else if (step.scaleIndex() == scaleIndex && t == tileIndex) {
                    done += cost * Math.min(iterationsInUnit, step.iterations());
                }
            }
        }
        return total == 0 ? 1 : done / total;
    }

    /** Whether any scale is refined tile by tile. */
    public boolean isTiled() {
        return steps.stream().anyMatch(step -> step.tileCount() > 1);
    }

    /** The largest tile of any scale: what bounds native memory. */
    public int largestTilePixels() {
        int largest = 0;
        for (Step step : steps) {
            for (TilePlan.Tile tile : step.tiles().tiles()) {
                largest = Math.max(largest, tile.pixelCount());
            }
        }
        return largest;
    }
}
