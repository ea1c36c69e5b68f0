package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositorTest {

    private static final float[] GRAY = {0.5f, 0.5f, 0.5f};
    private static final float[] RED = {1, 0, 0};
    private static final float[] GREEN = {0, 1, 0};
    private static final float[] BLUE = {0, 0, 1};

    @Test
    void sideBySideScalesToTheSmallestHeight() {
        RgbImage tall = solid(10, 20, RED); // becomes 5 x 10
        RgbImage wide = solid(20, 10, BLUE); // stays 20 x 10

        RgbImage row = Compositor.sideBySide(List.of(tall, wide), 2, GRAY);

        assertThat(row.width()).isEqualTo(5 + 2 + 20);
        assertThat(row.height()).isEqualTo(10);
        assertColumns(row, 0, 5, RED);
        assertColumns(row, 5, 7, GRAY);
        assertColumns(row, 7, 27, BLUE);
    }

    @Test
    void sideBySideAtAGivenHeight() {
        RgbImage row = Compositor.sideBySide(List.of(solid(4, 4, GREEN), solid(8, 4, RED)), 8, 0, GRAY);

        assertThat(row.width()).isEqualTo(8 + 16);
        assertThat(row.height()).isEqualTo(8);
        assertColumns(row, 0, 8, GREEN);
        assertColumns(row, 8, 24, RED);
    }

    @Test
    void layoutCellsAreSpacedByTheGap() {
        ContactSheetLayout layout = new ContactSheetLayout(2, 3, 10, 8, 1, true);

        assertThat(layout.width()).isEqualTo(3 * 10 + 2);
        assertThat(layout.height()).isEqualTo(2 * 8 + 1);
        assertThat(layout.cell(0, 0)).isEqualTo(new Region(0, 0, 10, 8));
        assertThat(layout.cell(1, 2)).isEqualTo(new Region(22, 9, 10, 8));
        assertThat(layout.capacity()).isEqualTo(5);
        assertThat(layout.cellOfImage(0)).isEqualTo(layout.cell(0, 1));
        assertThat(layout.cellOfImage(2)).isEqualTo(layout.cell(1, 0));
        assertThat(new ContactSheetLayout(2, 3, 10, 8, 1, false).cellOfImage(0)).isEqualTo(layout.cell(0, 0));
    }

    @Test
    void centeredFitKeepsTheAspectRatio() {
        Region cell = new Region(10, 20, 10, 10);

        assertThat(cell.centeredFit(20, 10)).isEqualTo(new Region(10, 22, 10, 5));
        assertThat(cell.centeredFit(3, 6)).isEqualTo(new Region(12, 20, 5, 10));
        assertThat(cell.centeredFit(1, 1)).isEqualTo(cell);
        assertThat(cell.centeredFit(1000, 1)).isEqualTo(new Region(10, 24, 10, 1));
    }

    @Test
    void gridPlacesEachImageInItsCell() {
        ContactSheetLayout layout = new ContactSheetLayout(2, 2, 10, 10, 2, true);
        List<RgbImage> images = Arrays.asList(
                solid(20, 10, RED), // top right, fitted to 10 x 5 at rows 2..6
                solid(4, 8, GREEN), // bottom left, fitted to 5 x 10 at columns 2..6
                null); // bottom right stays empty

        RgbImage sheet = Compositor.grid(images, layout, GRAY);

        assertThat(sheet.width()).isEqualTo(22);
        assertThat(sheet.height()).isEqualTo(22);
        Region redArea = new Region(12, 2, 10, 5);
        Region greenArea = new Region(2, 12, 5, 10);
        for (int y = 0; y < 22; y++) {
            for (int x = 0; x < 22; x++) {
                float[] expected = redArea.contains(x, y) ? RED : greenArea.contains(x, y) ? GREEN : GRAY;
                assertThat(sheet.pixel(x, y)).as("pixel (%d, %d)", x, y).containsExactly(expected, within(1e-5f));
            }
        }
    }

    @Test
    void tooManyImagesForTheSheetIsAnError() {
        ContactSheetLayout layout = new ContactSheetLayout(1, 2, 4, 4, 0, true);
        List<RgbImage> images = List.of(solid(1, 1, RED), solid(1, 1, RED));
        assertThatThrownBy(() -> Compositor.grid(images, layout, GRAY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backgroundMustBeAColour() {
        List<RgbImage> images = List.of(solid(2, 2, RED));
        assertThatThrownBy(() -> Compositor.sideBySide(images, 0, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compositor.sideBySide(images, 0, new float[] {1, 2, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RgbImage solid(int width, int height, float[] colour) {
        return RgbImage.solid(width, height, colour[0], colour[1], colour[2]);
    }

    private static void assertColumns(RgbImage image, int from, int to, float[] colour) {
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.height(); y++) {
                assertThat(image.pixel(x, y)).as("pixel (%d, %d)", x, y).containsExactly(colour, within(1e-5f));
            }
        }
    }
}
