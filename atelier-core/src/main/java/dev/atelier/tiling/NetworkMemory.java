package dev.atelier.tiling;

/**
 * What a one-pass network needs to be run in tiles: its native memory per pixel of the image it
 * runs on (measured: the slope of peak resident memory between two sizes), and the geometry of its
 * tiles.
 *
 * @param bytesPerPixel native bytes one pass needs per pixel of its input
 * @param alignment the factor the network shrinks its input by; tiles start at multiples of it
 * @param halo pixels run around each tile and cut away again, wider than the distance over which
 *     the network's padding at a cut edge changes the result (a multiple of {@code alignment})
 * @param overlap pixels over which neighbouring tiles are feathered into each other (a multiple of
 *     {@code alignment})
 * @param minimumTile the smallest tile side worth running (a multiple of {@code alignment})
 */
public record NetworkMemory(long bytesPerPixel, int alignment, int halo, int overlap, int minimumTile) {
    public NetworkMemory {
        if (bytesPerPixel <= 0 || alignment < 1 || halo % alignment != 0 || overlap % alignment != 0
                || minimumTile % alignment != 0 || minimumTile <= overlap + alignment) {
            throw new IllegalArgumentException("inconsistent network memory " + bytesPerPixel + " B/px, alignment "
                    + alignment + ", halo " + halo + ", overlap " + overlap + ", minimum tile " + minimumTile);
        }
    }

    /** Native bytes a pass over a {@code width x height} input needs. */
    public long bytesFor(long width, long height) {
        return bytesPerPixel * width * height;
    }
}
