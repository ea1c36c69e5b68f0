package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

    @Test
    void samplesAreStoredChannelThenRowThenColumn() {
        // 2 x 3 image: value = 100 * channel + 10 * y + x, so every position is distinguishable.
        float[] planes = new float[3 * 3 * 2];
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    planes[channel * 6 + y * 2 + x] = 100 * channel + 10 * y + x;
                }
            }
        }
        RgbImage image = RgbImage.of(2, 3, planes);

        assertThat(image.sample(0, 1, 0)).isEqualTo(1f);
        assertThat(image.sample(1, 0, 2)).isEqualTo(120f);
        assertThat(image.sample(2, 1, 1)).isEqualTo(211f);
        assertThat(image.pixel(1, 2)).containsExactly(21f, 121f, 221f);
    }

    @Test
    void planesIsACopyAndSharedPlanesIsNot() {
        float[] planes = new float[3 * 4];
        RgbImage image = RgbImage.of(2, 2, planes);
        planes[0] = 0.5f;
        assertThat(image.sample(0, 0, 0)).as("of() copies its input").isZero();

        image.planes()[0] = 0.7f;
        assertThat(image.sample(0, 0, 0)).isZero();
        assertThat(image.sharedPlanes()).isSameAs(image.sharedPlanes());
    }

    @Test
    void solidFillsEachChannel() {
        RgbImage image = RgbImage.solid(3, 2, 0.1f, 0.2f, 0.3f);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(image.pixel(x, y)).containsExactly(0.1f, 0.2f, 0.3f);
            }
        }
    }

    @Test
    void toBufferedImageClampsAndRoundsToNearestLevel() {
        float[] planes = {
            -0.2f, 1.7f, 0.5f, Float.NaN, // red
            0.2f / 255f, 0.6f / 255f, 254.4f / 255f, 1f, // green
            0f, 0f, 0f, 0f, // blue
        };
        BufferedImage converted = RgbImage.of(4, 1, planes).toBufferedImage();

        assertThat(converted.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        int[] reds = new int[4];
        int[] greens = new int[4];
        for (int x = 0; x < 4; x++) {
            reds[x] = (converted.getRGB(x, 0) >> 16) & 0xff;
            greens[x] = (converted.getRGB(x, 0) >> 8) & 0xff;
        }
        assertThat(reds).containsExactly(0, 255, 128, 0);
        assertThat(greens).containsExactly(0, 1, 254, 255);
    }

    @Test
    void everyEightBitLevelSurvivesARoundTrip() {
        BufferedImage levels = new BufferedImage(256, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x++) {
            levels.setRGB(x, 0, x << 16 | (255 - x) << 8 | (x * 7) % 256);
        }
        RgbImage image = RgbImage.fromBufferedImage(levels);
        assertThat(image.sample(0, 200, 0)).isCloseTo(200 / 255f, within(1e-6f));

        BufferedImage back = image.toBufferedImage();
        for (int x = 0; x < 256; x++) {
            assertThat(back.getRGB(x, 0) & 0xffffff).isEqualTo(levels.getRGB(x, 0) & 0xffffff);
        }
    }

    @Test
    void cropTakesTheRequestedRegion() {
        float[] planes = new float[3 * 16];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = i;
        }
        RgbImage crop = RgbImage.of(4, 4, planes).crop(1, 2, 2, 2);

        assertThat(crop.width()).isEqualTo(2);
        assertThat(crop.height()).isEqualTo(2);
        // Red plane rows 2 and 3, columns 1 and 2 of a 4 x 4 plane; blue plane starts at 32.
        assertThat(crop.planes()).containsExactly(9, 10, 13, 14, 25, 26, 29, 30, 41, 42, 45, 46);
        assertThatThrownBy(() -> RgbImage.solid(4, 4, 0, 0, 0).crop(3, 0, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMismatchedOrEmptySizes() {
        assertThatThrownBy(() -> RgbImage.of(2, 2, new float[11])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RgbImage.solid(0, 5, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIsBySizeAndContent() {
        assertThat(RgbImage.solid(2, 3, 0.5f, 0.5f, 0.5f)).isEqualTo(RgbImage.solid(2, 3, 0.5f, 0.5f, 0.5f))
                .isNotEqualTo(RgbImage.solid(3, 2, 0.5f, 0.5f, 0.5f))
                .isNotEqualTo(RgbImage.solid(2, 3, 0.5f, 0.5f, 0.6f));
    }
}
