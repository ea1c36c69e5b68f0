package dev.atelier.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnePassTilingTest {
    private static final NetworkMemory MEMORY = new NetworkMemory(1000, 4, 16, 8, 32);

    @Test
    void eachTileRunsWithItsHaloClampedToThePicture() {
        RgbImage photo = RgbImage.solid(100, 60, 0.2f, 0.4f, 0.6f);
        OnePassPlan plan = new OnePassPlan(TilePlan.aligned(100, 60, 48, 8, 4), MEMORY);
        List<int[]> pieces = new ArrayList<>();
        OnePassTiling.Outcome outcome = OnePassTiling.run(photo, plan, piece -> {
            pieces.add(new int[] {piece.width(), piece.height()});
            return piece;
        }, Cancellation.never(), (done, total) -> { });

        assertThat(outcome.cancelled()).isFalse();
        for (int i = 0; i < photo.sharedPlanes().length; i++) {
            assertThat(outcome.image().sharedPlanes()[i]).isCloseTo(photo.sharedPlanes()[i], within(1e-6f));
        }
        // The first tile is 48 x 48 at the corner: its halo reaches 16 right and down only, and down
        // only as far as the picture's 60 rows.
        assertThat(pieces.get(0)).containsExactly(64, 60);
        assertThat(pieces).hasSize(plan.tiles().tiles().size());
    }

    /** A pass that works on each pixel alone gives the same picture tiled or whole, to rounding. */
    @Test
    void aPixelWisePassGivesTheSamePictureInTiles() {
        float[] planes = new float[3 * 130 * 90];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (i * 7919 % 1000) / 1000f;
        }
        RgbImage photo = RgbImage.wrap(130, 90, planes);
        OnePassTiling.Pass invert = piece -> {
            float[] values = piece.sharedPlanes().clone();
            for (int i = 0; i < values.length; i++) {
                values[i] = 1 - values[i];
            }
            return RgbImage.wrap(piece.width(), piece.height(), values);
        };
        RgbImage whole = invert.apply(photo);
        RgbImage tiled = OnePassTiling.run(photo, new OnePassPlan(TilePlan.aligned(130, 90, 48, 8, 4), MEMORY), invert,
                Cancellation.never(), (done, total) -> { }).image();
        for (int i = 0; i < planes.length; i++) {
            assertThat(tiled.sharedPlanes()[i]).isCloseTo(whole.sharedPlanes()[i], within(1e-5f));
        }
    }

    @Test
    void aCancellationBetweenTilesStopsWithTheTilesDoneOverThePhoto() {
        RgbImage photo = RgbImage.solid(200, 40, 0, 0, 0);
        OnePassPlan plan = new OnePassPlan(TilePlan.aligned(200, 40, 48, 8, 4), MEMORY);
        Cancellation cancellation = new Cancellation();
        List<Integer> done = new ArrayList<>();
        OnePassTiling.Outcome outcome = OnePassTiling.run(photo, plan,
                piece -> RgbImage.solid(piece.width(), piece.height(), 1, 1, 1), cancellation, (count, total) -> {
                    done.add(count);
                    if (count == 2) {
                        cancellation.request();
                    }
                });

        assertThat(outcome.cancelled()).isTrue();
        assertThat(done).containsExactly(1, 2);
        assertThat(outcome.image().sample(0, 5, 5)).isEqualTo(1f);
        assertThat(outcome.image().sample(0, 195, 5)).isZero();
    }

    @Test
    void aCancellationBeforeTheStartReturnsThePhoto() {
        RgbImage photo = RgbImage.solid(64, 64, 0.5f, 0.5f, 0.5f);
        Cancellation cancellation = new Cancellation();
        cancellation.request();
        OnePassTiling.Outcome outcome = OnePassTiling.run(photo, new OnePassPlan(TilePlan.of(64, 64, 64, 0), MEMORY),
                piece -> {
                    throw new AssertionError("no pass after a cancellation");
                }, cancellation, (count, total) -> { });
        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.image()).isSameAs(photo);
    }

    /** The parts the tiles own partition the picture, split on the alignment grid. */
    @Test
    void ownedPartsPartitionThePictureOnTheGrid() {
        TilePlan tiles = TilePlan.aligned(530, 333, 128, 32, 8);
        int[] owners = new int[530 * 333];
        for (TilePlan.Tile tile : tiles.tiles()) {
            OnePassTiling.Region owned = OnePassTiling.owned(tiles, tile, 8);
            assertThat(owned.x0() % 8).isZero();
            assertThat(owned.y0() % 8).isZero();
            assertThat(owned.x0()).isGreaterThanOrEqualTo(tile.x());
            assertThat(owned.x1()).isLessThanOrEqualTo(tile.x() + tile.width());
            for (int y = owned.y0(); y < owned.y1(); y++) {
                for (int x = owned.x0(); x < owned.x1(); x++) {
                    owners[y * 530 + x]++;
                }
            }
        }
        for (int count : owners) {
            assertThat(count).isEqualTo(1);
        }
    }
}
