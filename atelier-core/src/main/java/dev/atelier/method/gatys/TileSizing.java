package dev.atelier.method.gatys;

import dev.atelier.method.StyleOptions;
import dev.atelier.tiling.MemoryBudget;

/**
 * The automatic tile size ({@code tile-size 0}): the largest square whose iteration fits in a third
 * of the memory the operating system reports available, so the Java heap (which holds the print's
 * full-size images: photo, start, blend and result, 12 bytes a pixel each), other programs and the
 * engine's own caches keep the rest.
 *
 * <p>An iteration's native memory grows with the pixels of the image it runs on: VGG's activations
 * kept for the backward pass, their gradients, and the optimiser's state (L-BFGS keeps two
 * image-sized vectors per remembered step, at most one step per iteration; Adam three more in all). Per pixel:
 * {@code NETWORK_BYTES_PER_PIXEL + 12 · optimiserVectors} bytes; the network's share was measured
 * (peak resident memory of L-BFGS runs at two sizes, the slope between them). A shallower deepest
 * layer needs less, so the rule errs on the safe side for the normalised VGG-19's conv4_1.
 */
public final class TileSizing {
    /**
     * Native bytes per image pixel of an iteration with VGG-19 up to conv5_1 (the default layers),
     * measured: peak resident memory 1653 MiB for 2 L-BFGS iterations at 512 x 384 and 4665 MiB at
     * 1024 x 768 ({@code bench gatys-print --tile-size} equal to the size), a slope of 5.36 kB per
     * pixel, of which 0.12 kB was the optimiser's ten vectors. Activations kept for the backward
     * pass (a conv and a ReLU output per layer, each block at a quarter of the previous one's
     * pixels) and their gradients make the rest.
     */
    static final long NETWORK_BYTES_PER_PIXEL = 5240;
    /** Bytes of one float32 RGB vector per pixel. */
    private static final long VECTOR_BYTES_PER_PIXEL = 12;
    /** Tile sides are rounded down to this, a multiple of every layer's stride. */
    private static final int GRANULE = 64;

    private TileSizing() {}

    /** Native bytes one iteration needs per pixel with these options. */
    public static long bytesPerPixel(GatysOptions options) {
        int vectors = switch (options.optimizer()) {
            // Point, gradient, direction, previous gradient, line-search trial and its gradient, plus
            // the step and gradient change of every remembered pair: no more pairs than iterations.
            case LBFGS -> 6 + 2 * Math.min(options.lbfgsHistory(), Math.max(1, options.iterations()));
            // Point, gradient, two moments, one update.
            case ADAM -> 5;
        };
        return NETWORK_BYTES_PER_PIXEL + VECTOR_BYTES_PER_PIXEL * vectors;
    }

    /** The automatic tile size for these options given {@code availableBytes} of free memory. */
    public static int automatic(GatysOptions options, long availableBytes) {
        double pixels = availableBytes / 3.0 / bytesPerPixel(options);
        int side = (int) Math.floor(Math.sqrt(pixels)) / GRANULE * GRANULE;
        return Math.max(GatysOptions.MINIMUM_TILE_SIZE, Math.min(StyleOptions.MAXIMUM_SIZE, side));
    }

    /** The automatic tile size on this machine, now. */
    public static int automatic(GatysOptions options) {
        return automatic(options, availableMemory());
    }

    /** Memory the operating system could give this process now (see {@link MemoryBudget#availableBytes()}). */
    public static long availableMemory() {
        return MemoryBudget.availableBytes();
    }
}
