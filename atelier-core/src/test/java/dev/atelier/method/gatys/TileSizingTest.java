package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The automatic tile size follows the documented rule. */
class TileSizingTest {

    @Test
    void aThirdOfTheAvailableMemoryOverTheBytesOfAPixel() {
        GatysOptions defaults = GatysOptions.defaults();
        // L-BFGS with 100 pairs: 5240 + 12 · (6 + 200) = 7712 bytes a pixel; a third of 3 GiB holds
        // 139,230 pixels, a square of 373, rounded down to 320.
        assertThat(TileSizing.bytesPerPixel(defaults)).isEqualTo(7712);
        assertThat(TileSizing.automatic(defaults, 3L << 30)).isEqualTo(320);
        // A run of 4 iterations never keeps more than 4 pairs.
        assertThat(TileSizing.bytesPerPixel(defaults.toBuilder().optIterations(4).build()))
                .isEqualTo(5240 + 12 * (6 + 8));
        assertThat(TileSizing.bytesPerPixel(defaults.toBuilder().optOptimizer(OptimizerKind.ADAM).build()))
                .isEqualTo(5240 + 12 * 5);
    }

    @Test
    void neverSmallerThanTheSmallestTileNorLargerThanTheLargestSize() {
        assertThat(TileSizing.automatic(GatysOptions.defaults(), 1L << 20)).isEqualTo(GatysOptions.MINIMUM_TILE_SIZE);
        assertThat(TileSizing.automatic(GatysOptions.defaults(), 1L << 50)).isEqualTo(GatysOptions.MAXIMUM_SIZE);
        assertThat(TileSizing.availableMemory()).isPositive();
    }
}
