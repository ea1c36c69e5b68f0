package dev.atelier.tiling;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;

/**
 * Runs a one-pass network over a picture as an {@link OnePassPlan} says: whole, or tile by tile. Each
 * tile is run grown by the plan's halo (clamped to the picture), the halo is cut from its result,
 * and the tiles are feathered together ({@link FeatheredCanvas}). The cancellation is checked before
 * every tile: a stopped run returns the tiles done so far over the photo, marked cancelled.
 */
public final class OnePassTiling {
    private OnePassTiling() {}

    /** The network on one piece of the picture; returns a result the piece's size. */
    @FunctionalInterface
    public interface Pass {
        RgbImage apply(RgbImage piece);
    }

    /** Told after each tile, for progress. */
    @FunctionalInterface
    public interface TileListener {
        void tileDone(int done, int total);
    }

    /** The picture made, and whether the run was stopped before every tile was done. */
    public record Outcome(RgbImage image, boolean cancelled) {}

    public static Outcome run(RgbImage photo, OnePassPlan plan, Pass pass, Cancellation cancellation,
            TileListener listener) {
        TilePlan tiles = plan.tiles();
        if (photo.width() != tiles.width() || photo.height() != tiles.height()) {
            throw new IllegalArgumentException("photo " + photo + " does not match the plan's " + tiles.width() + "x"
                    + tiles.height());
        }
        if (cancellation.isRequested()) {
            return new Outcome(photo, true);
        }
        if (plan.isWhole()) {
            RgbImage result = pass.apply(photo);
            listener.tileDone(1, 1);
            return new Outcome(result, cancellation.isRequested());
        }
        FeatheredCanvas canvas = new FeatheredCanvas(tiles);
        int halo = plan.memory().halo();
        for (TilePlan.Tile tile : tiles.tiles()) {
            if (cancellation.isRequested()) {
                return new Outcome(canvas.over(photo), true);
            }
            int left = Math.max(0, tile.x() - halo);
            int top = Math.max(0, tile.y() - halo);
            int right = Math.min(photo.width(), tile.x() + tile.width() + halo);
            int bottom = Math.min(photo.height(), tile.y() + tile.height() + halo);
            RgbImage piece = pass.apply(photo.crop(left, top, right - left, bottom - top));
            canvas.add(tile, piece.crop(tile.x() - left, tile.y() - top, tile.width(), tile.height()));
            listener.tileDone(canvas.tilesDone(), tiles.tiles().size());
        }
        return new Outcome(canvas.result(), cancellation.isRequested());
    }

    /** The pieces a plan runs, grown by its halo, for passes that only gather (statistics over the picture). */
    public static void forEachPiece(RgbImage photo, OnePassPlan plan, PieceVisitor visitor, Cancellation cancellation) {
        TilePlan tiles = plan.tiles();
        int halo = plan.isWhole() ? 0 : plan.memory().halo();
        for (TilePlan.Tile tile : tiles.tiles()) {
            cancellation.throwIfRequested("working on " + photo.width() + "x" + photo.height() + " pixels");
            int left = Math.max(0, tile.x() - halo);
            int top = Math.max(0, tile.y() - halo);
            int right = Math.min(photo.width(), tile.x() + tile.width() + halo);
            int bottom = Math.min(photo.height(), tile.y() + tile.height() + halo);
            visitor.visit(photo.crop(left, top, right - left, bottom - top), left, top, tile,
                    owned(tiles, tile, plan.memory().alignment()));
        }
    }

    /** One piece: the image (tile and halo), where it lies, its tile, and the part of the picture it owns. */
    @FunctionalInterface
    public interface PieceVisitor {
        void visit(RgbImage piece, int left, int top, TilePlan.Tile tile, Region owned);
    }

    /** A rectangle of the picture, in pixels: [x0, x1) by [y0, y1). */
    public record Region(int x0, int y0, int x1, int y1) {}

    /**
     * The part of the picture a tile owns: each overlap split near its middle, at a multiple of
     * {@code alignment} (so that the split falls between cells of the network's feature grid), so
     * the owned parts of all tiles partition the picture.
     */
    static Region owned(TilePlan tiles, TilePlan.Tile tile, int alignment) {
        int x0 = tile.x();
        int y0 = tile.y();
        int x1 = tile.x() + tile.width();
        int y1 = tile.y() + tile.height();
        for (TilePlan.Tile other : tiles.tiles()) {
            if (other == tile) {
                continue;
            }
            boolean sameRow = other.y() == tile.y();
            boolean sameColumn = other.x() == tile.x();
            if (sameRow && other.x() > tile.x()) {
                x1 = Math.min(x1, middle(other.x(), tile.x() + tile.width(), alignment));
            }
            if (sameRow && other.x() < tile.x()) {
                x0 = Math.max(x0, middle(tile.x(), other.x() + other.width(), alignment));
            }
            if (sameColumn && other.y() > tile.y()) {
                y1 = Math.min(y1, middle(other.y(), tile.y() + tile.height(), alignment));
            }
            if (sameColumn && other.y() < tile.y()) {
                y0 = Math.max(y0, middle(tile.y(), other.y() + other.height(), alignment));
            }
        }
        return new Region(x0, y0, x1, y1);
    }

    private static int middle(int start, int end, int alignment) {
        return (start + end) / 2 / alignment * alignment;
    }
}
