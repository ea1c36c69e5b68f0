package dev.atelier.tiling;

import dev.atelier.UnavailableException;
import java.util.Locale;

/**
 * How a one-pass network (feed-forward, AdaIN, Magenta) runs on a picture in the memory there is,
 * decided before any work: whole, when one pass fits the native budget; else in tiles of the largest
 * side that fits, each run with a halo and feathered into its neighbours; else refused (exit 5),
 * naming the largest size that fits. The full-size result is assembled in the Java heap
 * ({@link FeatheredCanvas}), which must hold it too.
 *
 * @param tiles the tiles (one, covering the picture, when it runs whole)
 * @param memory the network's needs, for the halo and alignment
 */
public record OnePassPlan(TilePlan tiles, NetworkMemory memory) {
    /** Tile sides are rounded down to multiples of this, itself a multiple of every network's stride. */
    private static final int GRANULE = 64;

    /** Whether the picture runs in one pass. */
    public boolean isWhole() {
        return tiles.isSingle();
    }

    /**
     * Plans a pass over a {@code width x height} picture.
     *
     * @param nativeBudget native bytes the pass may use (see {@link MemoryBudget#nativeBytes()})
     * @param heapBudget Java heap bytes the assembled result may use (see {@link MemoryBudget#heapBytes()})
     * @param what the method, for messages (e.g. {@code "AdaIN"})
     * @throws UnavailableException when not even the smallest tile fits, or the result cannot be
     *     assembled in the Java heap; the message names the largest size that fits
     */
    public static OnePassPlan of(int width, int height, NetworkMemory memory, long nativeBudget, long heapBudget,
            String what) {
        int alignment = memory.alignment();
        long paddedWidth = roundUp(width, alignment);
        long paddedHeight = roundUp(height, alignment);
        if (memory.bytesFor(paddedWidth, paddedHeight) <= nativeBudget) {
            return new OnePassPlan(TilePlan.of(width, height, Math.max(width, height), 0), memory);
        }
        long pixels = (long) width * height;
        if (FeatheredCanvas.bytesFor(pixels) > heapBudget) {
            double scale = Math.sqrt((double) heapBudget / FeatheredCanvas.bytesFor(pixels));
            throw refusal(width, height, what, String.format(Locale.ROOT, "%.1f GB of Java memory to put its tiles "
                    + "together, but %.1f GB are free", gigabytes(FeatheredCanvas.bytesFor(pixels)),
                    gigabytes(heapBudget)), (int) (scale * Math.max(width, height)));
        }
        long side = (long) Math.floor(Math.sqrt((double) nativeBudget / memory.bytesPerPixel())) - 2L * memory.halo();
        int tileSize = (int) Math.min(Integer.MAX_VALUE, side / GRANULE * GRANULE);
        if (tileSize < memory.minimumTile()) {
            int smallest = memory.minimumTile() + 2 * memory.halo();
            double pixelsThatFit = (double) nativeBudget / memory.bytesPerPixel();
            int largest = (int) Math.min(Integer.MAX_VALUE, Math.sqrt(pixelsThatFit * Math.max(width, height)
                    / Math.min(width, height)));
            throw refusal(width, height, what, String.format(Locale.ROOT, "%.2f GB of memory for even its smallest "
                    + "tile, more than the %.2f GB it may use (a third of what is available)",
                    gigabytes(memory.bytesFor(smallest, smallest)), gigabytes(nativeBudget)), largest);
        }
        return new OnePassPlan(TilePlan.aligned(width, height, tileSize, memory.overlap(), alignment), memory);
    }

    /**
     * As {@link #of}, for work that cannot be tiled (styles placed by masks, whose statistics span
     * the picture): the picture must fit in one pass.
     *
     * @param why why it cannot be tiled, for the message (e.g. {@code "with style masks"})
     * @throws UnavailableException when one pass does not fit, naming the largest size that does
     */
    public static OnePassPlan whole(int width, int height, NetworkMemory memory, long nativeBudget, String what,
            String why) {
        long paddedWidth = roundUp(width, memory.alignment());
        long paddedHeight = roundUp(height, memory.alignment());
        if (memory.bytesFor(paddedWidth, paddedHeight) > nativeBudget) {
            double pixelsThatFit = (double) nativeBudget / memory.bytesPerPixel();
            int largest = (int) Math.min(Integer.MAX_VALUE, Math.sqrt(pixelsThatFit * Math.max(width, height)
                    / Math.min(width, height)));
            throw refusal(width, height, what, String.format(Locale.ROOT, "%.1f GB of memory in one pass (it does "
                    + "not run in tiles %s), more than the %.1f GB it may use (a third of what is available)",
                    gigabytes(memory.bytesFor(paddedWidth, paddedHeight)), why, gigabytes(nativeBudget)), largest);
        }
        return new OnePassPlan(TilePlan.of(width, height, Math.max(width, height), 0), memory);
    }

    private static UnavailableException refusal(int width, int height, String what, String need, int largest) {
        int side = Math.max(0, largest / 16 * 16);
        return new UnavailableException(what + " cannot make a " + width + "x" + height + " picture here: it needs "
                + "about " + need + "; the largest that fits is about " + side + " pixels on the longest side ({size} "
                + side + ")");
    }

    private static long roundUp(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static double gigabytes(long bytes) {
        return bytes / 1e9;
    }
}
