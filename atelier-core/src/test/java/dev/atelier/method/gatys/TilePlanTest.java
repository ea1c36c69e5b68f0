package dev.atelier.method.gatys;

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

    @Test
    void aConstantImageStaysConstantThroughTheBlend() {
        TilePlan plan = TilePlan.of(300, 200, 128, 48);
        RgbImage grey = RgbImage.solid(300, 200, 0.3f, 0.6f, 0.9f);
        TileBlender blender = new TileBlender(plan, RgbImage.solid(300, 200, 0.1f, 0.1f, 0.1f));
        for (TilePlan.Tile tile : plan.tiles()) {
            blender.add(tile, grey.crop(tile.x(), tile.y(), tile.width(), tile.height()));
        }
        RgbImage blended = blender.current();
        float[] expected = grey.sharedPlanes();
        float[] actual = blended.sharedPlanes();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
        }
    }

    @Test
    void aTileStartsFromTheTilesAlreadyBlendedOverTheBase() {
        TilePlan plan = TilePlan.of(200, 100, 128, 56);
        RgbImage base = RgbImage.solid(200, 100, 0, 0, 0);
        TileBlender blender = new TileBlender(plan, base);
        List<TilePlan.Tile> tiles = plan.tiles();
        blender.add(tiles.get(0), RgbImage.solid(128, 100, 1, 1, 1));
        RgbImage start = blender.startOf(tiles.get(1));
        // Left of the first tile's end the second tile starts from white where the first tile alone
        // has full weight, and fades to the black base across the overlap.
        int overlapStart = tiles.get(1).x();
        assertThat(start.sample(0, 0, 50)).isCloseTo(blender.current().sample(0, overlapStart, 50), within(1e-6f));
        assertThat(start.sample(0, 127 - overlapStart, 50)).isLessThan(0.05f);
        assertThat(start.sample(0, 127 - overlapStart + 1, 50)).isZero();
        // Resumed from its running sum, a blender continues exactly.
        TileBlender resumed = new TileBlender(plan, base, blender.accumulated().clone(), 1);
        assertThat(resumed.startOf(tiles.get(1))).isEqualTo(start);
    }
}
