package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import dev.atelier.tiling.TilePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileBlenderTest {
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
