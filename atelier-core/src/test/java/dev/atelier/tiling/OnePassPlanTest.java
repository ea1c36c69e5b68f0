package dev.atelier.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.UnavailableException;
import org.junit.jupiter.api.Test;

class OnePassPlanTest {
    /** 1000 bytes a pixel, tiles aligned to 4, a halo of 64, overlap 32, tiles of at least 128. */
    private static final NetworkMemory MEMORY = new NetworkMemory(1000, 4, 64, 32, 128);
    private static final long PLENTY_OF_HEAP = 1L << 40;

    @Test
    void aPictureWhosePassFitsRunsWhole() {
        // 1024 x 768 (already multiples of 4) at 1000 bytes a pixel: 786,432,000 bytes.
        OnePassPlan plan = OnePassPlan.of(1024, 768, MEMORY, 786_432_000L, PLENTY_OF_HEAP, "Test");
        assertThat(plan.isWhole()).isTrue();
        assertThat(plan.tiles().tiles()).containsExactly(new TilePlan.Tile(0, 0, 1024, 768));
    }

    @Test
    void aLargerOneRunsInTheLargestTilesThatFit() {
        // 500 MB at 1000 bytes a pixel: a 707-pixel square, less two halos of 64 = 579, rounded down to 576.
        OnePassPlan plan = OnePassPlan.of(4096, 3072, MEMORY, 500_000_000L, PLENTY_OF_HEAP, "Test");
        assertThat(plan.isWhole()).isFalse();
        assertThat(plan.tiles().tiles().get(0)).isEqualTo(new TilePlan.Tile(0, 0, 576, 576));
        for (TilePlan.Tile tile : plan.tiles().tiles()) {
            long withHalo = (long) Math.min(4096, tile.width() + 128) * Math.min(3072, tile.height() + 128);
            assertThat(MEMORY.bytesFor(withHalo, 1)).isLessThanOrEqualTo(500_000_000L + 1000L * 4 * 704);
        }
    }

    @Test
    void whenNotEvenTheSmallestTileFitsThePictureIsRefusedNamingTheLargestSize() {
        // 50 MB: 50,000 pixels, a 223-pixel square, less two halos, is under the 128-pixel minimum.
        // The largest 4:3 picture of 50,000 pixels is sqrt(50,000 * 4 / 3) = 258 pixels wide: 256.
        assertThatThrownBy(() -> OnePassPlan.of(4096, 3072, MEMORY, 50_000_000L, PLENTY_OF_HEAP, "Test"))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Test cannot make a 4096x3072 picture here: it needs about 0.07 GB of memory for even "
                        + "its smallest tile, more than the 0.05 GB it may use (a third of what is available); the "
                        + "largest that fits is about 256 pixels on the longest side (size 256)");
    }

    @Test
    void aResultTheHeapCannotHoldIsRefusedNamingTheLargestSize() {
        // 16 bytes a pixel to assemble 16384 x 12288 = 3.2 GB; with 800 MB the side shrinks by sqrt(1/4.03).
        assertThatThrownBy(() -> OnePassPlan.of(16384, 12288, MEMORY, 500_000_000L, 800_000_000L, "Test"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("Test cannot make a 16384x12288 picture here: it needs about 3.2 GB of "
                        + "Java memory to put its tiles together, but 0.8 GB are free; the largest that fits is about "
                        + "8160 pixels on the longest side");
    }

    @Test
    void workThatCannotBeTiledRunsWholeOrIsRefused() {
        assertThat(OnePassPlan.whole(512, 384, MEMORY, 200_000_000L, "Test", "with style masks").isWhole()).isTrue();
        // 100 MB: 100,000 pixels; 4:3 gives sqrt(100,000 * 4 / 3) = 365 pixels, 352 in steps of 16.
        assertThatThrownBy(() -> OnePassPlan.whole(1024, 768, MEMORY, 100_000_000L, "Test", "with style masks"))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Test cannot make a 1024x768 picture here: it needs about 0.8 GB of memory in one pass (it "
                        + "does not run in tiles with style masks), more than the 0.1 GB it may use (a third of what is "
                        + "available); the largest that fits is about 352 pixels on the longest side (size 352)");
    }
}
