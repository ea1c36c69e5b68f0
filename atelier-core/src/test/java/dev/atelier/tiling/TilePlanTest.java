package dev.atelier.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tile plans cover the image with the requested overlap, and their blend weights sum to 1. */
class TilePlanTest {

    @Test
    void tilesCoverEveryPixelAndNeighboursOverlapByAtLeastTheRequest() {
        for (int[] size : new int[][] {{1000, 700}, {4096, 3072}, {257, 1025}, {300, 300}}) {
            TilePlan plan = TilePlan.of(size[0], size[1], 256, 32);
            int[] covered = new int[size[0] * size[1]];
            for (TilePlan.Tile tile : plan.tiles()) {
                assertThat(tile.x()).isGreaterThanOrEqualTo(0);
                assertThat(tile.x() + tile.width()).isLessThanOrEqualTo(size[0]);
                assertThat(tile.y() + tile.height()).isLessThanOrEqualTo(size[1]);
                assertThat(tile.width()).isEqualTo(Math.min(256, size[0]));
                for (int y = tile.y(); y < tile.y() + tile.height(); y++) {
                    for (int x = tile.x(); x < tile.x() + tile.width(); x++) {
                        covered[y * size[0] + x]++;
                    }
                }
            }
            for (int count : covered) {
                assertThat(count).isPositive();
            }
            int[] columns = TilePlan.positions(size[0], 256, 32);
            for (int i = 1; i < columns.length; i++) {
                assertThat(columns[i - 1] + 256 - columns[i]).as("overlap of columns %d and %d", i - 1, i)
                        .isGreaterThanOrEqualTo(32);
            }
            assertThat(columns[columns.length - 1] + Math.min(256, size[0])).isEqualTo(size[0]);
        }
    }

    @Test
    void anImageThatFitsIsOneTile() {
        TilePlan plan = TilePlan.of(200, 120, 256, 32);
        assertThat(plan.isSingle()).isTrue();
        assertThat(plan.tiles().get(0)).isEqualTo(new TilePlan.Tile(0, 0, 200, 120));
    }

    @Test
    void asFewTilesAsKeepTheOverlap() {
        // 1000 px with 256-px tiles overlapping by 32: a stride of 224 needs ceil(968 / 224) = 5 tiles.
        assertThat(TilePlan.positions(1000, 256, 32)).hasSize(5).startsWith(0).endsWith(744);
    }

    @Test
    void blendWeightsSumToOneAtEveryPixel() {
        TilePlan plan = TilePlan.of(530, 300, 128, 40);
        float[] featherSum = plan.featherSum();
        double[] total = new double[530 * 300];
        for (TilePlan.Tile tile : plan.tiles()) {
            float[] weights = plan.blendWeights(tile, featherSum);
            for (int y = 0; y < tile.height(); y++) {
                for (int x = 0; x < tile.width(); x++) {
                    float weight = weights[y * tile.width() + x];
                    assertThat(weight).isBetween(0f, 1f);
                    total[(tile.y() + y) * 530 + tile.x() + x] += weight;
                }
            }
        }
        for (double sum : total) {
            assertThat(sum).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void featherRampsOnlyTowardsNeighbours() {
        TilePlan plan = TilePlan.of(300, 100, 128, 32);
        TilePlan.Tile first = plan.tiles().get(0);
        float[] feather = plan.feather(first);
        // The image border (left, top, bottom) keeps full weight; the right side shares a seam.
        assertThat(feather[0]).isEqualTo(1f);
        assertThat(feather[50 * first.width()]).isEqualTo(1f);
        assertThat(feather[first.width() - 1]).isCloseTo(0.5f / 32, within(1e-6f));
    }

    /**
     * Aligned plans (one-pass networks): every tile starts at a multiple of the alignment, all but the
     * last of a row or column have the tile's side, the last ends at the border, and neighbours
     * overlap by at least the request.
     */
    @Test
    void alignedTilesStartOnTheGridAndStillCoverWithTheOverlap() {
        for (int[] size : new int[][] {{4096, 3072}, {1000, 701}, {530, 333}, {263, 1029}, {130, 300}}) {
            for (int alignment : new int[] {4, 8}) {
                TilePlan plan = TilePlan.aligned(size[0], size[1], 256, 32, alignment);
                int[] covered = new int[size[0] * size[1]];
                for (TilePlan.Tile tile : plan.tiles()) {
                    assertThat(tile.x() % alignment).isZero();
                    assertThat(tile.y() % alignment).isZero();
                    boolean lastColumn = tile.x() + tile.width() == size[0];
                    boolean lastRow = tile.y() + tile.height() == size[1];
                    assertThat(lastColumn || tile.width() == 256).as("interior width of %s", tile).isTrue();
                    assertThat(lastRow || tile.height() == 256).as("interior height of %s", tile).isTrue();
                    assertThat(tile.width()).isLessThanOrEqualTo(Math.max(256 + alignment - 1, 0));
                    for (int y = tile.y(); y < tile.y() + tile.height(); y++) {
                        for (int x = tile.x(); x < tile.x() + tile.width(); x++) {
                            covered[y * size[0] + x]++;
                        }
                    }
                }
                for (int count : covered) {
                    assertThat(count).isPositive();
                }
                int[] columns = TilePlan.alignedPositions(size[0], 256, 32, alignment);
                for (int i = 1; i < columns.length; i++) {
                    assertThat(columns[i - 1] + 256 - columns[i]).isGreaterThanOrEqualTo(32);
                }
            }
        }
    }

    @Test
    void alignedPositionsByHand() {
        // 1000 px, 256-px tiles, overlap 32, alignment 8: the last starts at 744; steps of at most
        // 256 - 32 - 8 = 216 need ceil(744 / 216) = 4 of them: 0, 186, 372, 558, 744, each rounded
        // down to a multiple of 8.
        assertThat(TilePlan.alignedPositions(1000, 256, 32, 8)).containsExactly(0, 184, 368, 552, 744);
        // One alignment step longer than a tile, but less than two: a single, slightly larger tile.
        assertThat(TilePlan.alignedPositions(262, 256, 32, 8)).containsExactly(0);
        assertThat(TilePlan.aligned(262, 100, 256, 32, 8).tiles()).containsExactly(new TilePlan.Tile(0, 0, 262, 100));
    }

}
