package dev.atelier.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import org.junit.jupiter.api.Test;

class FeatheredCanvasTest {
    @Test
    void tilesCutFromOnePictureGiveThePictureBack() {
        TilePlan plan = TilePlan.aligned(300, 200, 128, 32, 4);
        RgbImage picture = gradient(300, 200);
        FeatheredCanvas canvas = new FeatheredCanvas(plan);
        for (TilePlan.Tile tile : plan.tiles()) {
            canvas.add(tile, picture.crop(tile.x(), tile.y(), tile.width(), tile.height()));
        }
        float[] expected = picture.sharedPlanes();
        float[] actual = canvas.result().sharedPlanes();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
        }
    }

    /** Across an overlap the tiles fade linearly into each other: half-way, half of each. */
    @Test
    void overlappingTilesFadeIntoEachOther() {
        TilePlan plan = TilePlan.aligned(200, 40, 128, 32, 4);
        assertThat(plan.tiles()).hasSize(2);
        TilePlan.Tile left = plan.tiles().get(0);
        TilePlan.Tile right = plan.tiles().get(1);
        FeatheredCanvas canvas = new FeatheredCanvas(plan);
        canvas.add(left, RgbImage.solid(left.width(), left.height(), 0, 0, 0));
        canvas.add(right, RgbImage.solid(right.width(), right.height(), 1, 1, 1));
        RgbImage blended = canvas.result();

        assertThat(blended.sample(0, right.x() - 1, 20)).isZero();
        assertThat(blended.sample(0, left.x() + left.width(), 20)).isEqualTo(1f);
        int middle = (right.x() + left.x() + left.width()) / 2;
        assertThat(blended.sample(0, middle, 20)).isCloseTo(0.5f, within(0.05f));
        for (int x = right.x(); x < left.x() + left.width() - 1; x++) {
            assertThat(blended.sample(0, x + 1, 20)).isGreaterThanOrEqualTo(blended.sample(0, x, 20));
        }
    }

    @Test
    void aStoppedCanvasShowsItsTilesOverTheBase() {
        TilePlan plan = TilePlan.aligned(300, 40, 128, 32, 4);
        FeatheredCanvas canvas = new FeatheredCanvas(plan);
        TilePlan.Tile first = plan.tiles().get(0);
        canvas.add(first, RgbImage.solid(first.width(), first.height(), 1, 1, 1));
        RgbImage partial = canvas.over(RgbImage.solid(300, 40, 0.25f, 0.25f, 0.25f));

        assertThat(partial.sample(1, 10, 10)).isEqualTo(1f);
        assertThat(partial.sample(1, 299, 10)).isEqualTo(0.25f);
        assertThatThrownBy(canvas::result).isInstanceOf(IllegalStateException.class);
    }

    private static RgbImage gradient(int width, int height) {
        float[] planes = new float[3 * width * height];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    planes[(c * height + y) * width + x] = (x + 2 * y + 50 * c) % 256 / 255f;
                }
            }
        }
        return RgbImage.wrap(width, height, planes);
    }
}
