package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void unchangedSizeReturnsTheImageItself() {
        RgbImage image = noise(37, 23, 1);
        assertThat(Resampler.resizeTo(image, 37, 23)).isSameAs(image);
    }

    @Test
    void resizingOneAxisLeavesTheOtherUntouched() {
        // Rows differ but each row is constant: halving the width must keep every row's value.
        float[] planes = new float[3 * 10 * 4];
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 10; x++) {
                    planes[(channel * 4 + y) * 10 + x] = 0.1f * (y + 1) + 0.05f * channel;
                }
            }
        }
        RgbImage resized = Resampler.resizeTo(RgbImage.wrap(10, 4, planes), 5, 4);
        for (int y = 0; y < 4; y++) {
            assertThat(resized.sample(1, 3, y)).isCloseTo(0.1f * (y + 1) + 0.05f, within(1e-6f));
        }
    }

    @Test
    void solidColourStaysSolidAtAnySize() {
        RgbImage solid = RgbImage.solid(97, 61, 0.2f, 0.5f, 0.9f);
        for (int[] size : new int[][] {{10, 7}, {97, 20}, {300, 200}, {1, 1}, {13, 61}}) {
            RgbImage resized = Resampler.resizeTo(solid, size[0], size[1]);
            assertThat(resized.width()).isEqualTo(size[0]);
            assertThat(resized.height()).isEqualTo(size[1]);
            float[] planes = resized.sharedPlanes();
            int area = size[0] * size[1];
            float[] expected = {0.2f, 0.5f, 0.9f};
            for (int i = 0; i < planes.length; i++) {
                if (Math.abs(planes[i] - expected[i / area]) > 1e-5f) {
                    assertThat(planes[i]).as("sample %d at %d x %d", i, size[0], size[1])
                            .isCloseTo(expected[i / area], within(1e-5f));
                }
            }
        }
    }

    @Test
    void shrinkingACheckerboardAveragesToGray() {
        // Without antialiasing, a one-pixel checkerboard shrunk 4x samples only black or only white.
        float[] planes = new float[3 * 64 * 64];
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    planes[(channel * 64 + y) * 64 + x] = (x + y) % 2;
                }
            }
        }
        RgbImage resized = Resampler.resizeTo(RgbImage.wrap(64, 64, planes), 16, 16);
        for (float value : resized.sharedPlanes()) {
            assertThat(value).isCloseTo(0.5f, within(0.02f));
        }
    }

    @Test
    void aSharpEdgeStaysInPlaceWhenShrinking() {
        // Left half black, right half white: at half size the edge must fall between columns 24 and 25.
        float[] planes = new float[3 * 100 * 2];
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 50; x < 100; x++) {
                    planes[(channel * 2 + y) * 100 + x] = 1f;
                }
            }
        }
        RgbImage resized = Resampler.resizeTo(RgbImage.wrap(100, 2, planes), 50, 2);
        assertThat(resized.sample(0, 22, 0)).isLessThan(0.02f);
        assertThat(resized.sample(0, 24, 0)).isLessThan(0.5f);
        assertThat(resized.sample(0, 25, 0)).isGreaterThan(0.5f);
        assertThat(resized.sample(0, 27, 0)).isGreaterThan(0.98f);
        // Symmetric around the edge: the picture is not shifted by half a pixel.
        assertThat(resized.sample(0, 24, 0) + resized.sample(0, 25, 0)).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void enlargingAStraightRampKeepsItStraight() {
        float[] planes = new float[3 * 8];
        for (int x = 0; x < 8; x++) {
            planes[x] = 0.1f * x;
        }
        RgbImage enlarged = Resampler.resizeTo(RgbImage.wrap(8, 1, planes), 16, 1);
        // Cubic filters reproduce straight lines; output x sits at source position (x + 0.5) / 2 - 0.5.
        // Only positions whose filter taps all lie inside the image are checked (edges repeat).
        for (int x = 5; x <= 10; x++) {
            float expected = 0.1f * ((x + 0.5f) / 2f - 0.5f);
            assertThat(enlarged.sample(0, x, 0)).as("x = %d", x).isCloseTo(expected, within(1e-5f));
        }
    }

    @Test
    void samplesStayInTheUnitRange() {
        RgbImage enlarged = Resampler.resizeTo(noise(20, 20, 2), 57, 43);
        for (float value : enlarged.sharedPlanes()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void fitLongestSideKeepsTheAspectRatio() {
        assertSize(Resampler.fitLongestSide(RgbImage.solid(2000, 1500, 0, 0, 0), 512), 512, 384);
        assertSize(Resampler.fitLongestSide(RgbImage.solid(1500, 2000, 0, 0, 0), 512), 384, 512);
        assertSize(Resampler.fitLongestSide(RgbImage.solid(300, 300, 0, 0, 0), 512), 512, 512);
        // 100 * 50 / 300 = 16.67 rounds to 17; 3 * 100 / 1000 = 0.3 would round to 0 but sides stay >= 1.
        assertSize(Resampler.fitLongestSide(RgbImage.solid(100, 300, 0, 0, 0), 50), 17, 50);
        assertSize(Resampler.fitLongestSide(RgbImage.solid(1000, 3, 0, 0, 0), 100), 100, 1);
    }

    @Test
    void fitShortestSideKeepsTheAspectRatio() {
        assertSize(Resampler.fitShortestSide(RgbImage.solid(2000, 1500, 0, 0, 0), 256), 341, 256);
        assertSize(Resampler.fitShortestSide(RgbImage.solid(100, 300, 0, 0, 0), 50), 50, 150);
    }

    @Test
    void centerCropTakesTheMiddle() {
        RgbImage image = marked(9, 7, 4, 3);
        RgbImage crop = Resampler.centerCrop(image, 3, 3);
        assertSize(crop, 3, 3);
        assertThat(crop.sample(0, 1, 1)).isEqualTo(1f);
        assertThatThrownBy(() -> Resampler.centerCrop(image, 10, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomCropsStayInsideAndVary() {
        RgbImage image = noise(20, 10, 3);
        Random random = new Random(7);
        Set<RgbImage> distinct = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            RgbImage crop = Resampler.randomCrop(image, 8, 8, random);
            assertSize(crop, 8, 8);
            distinct.add(crop);
        }
        assertThat(distinct).hasSizeGreaterThan(5);
        assertThat(Resampler.randomCrop(image, 8, 8, new Random(1)))
                .isEqualTo(Resampler.randomCrop(image, 8, 8, new Random(1)));
        assertThat(Resampler.randomCrop(image, 20, 10, random)).isEqualTo(image);
    }

    @Test
    void flipHorizontalMirrorsLeftToRight() {
        RgbImage flipped = Resampler.flipHorizontal(marked(5, 2, 0, 1));
        assertThat(flipped.sample(2, 4, 1)).isEqualTo(1f);
        assertThat(flipped.sample(2, 0, 1)).isZero();
    }

    @Test
    void shrinkingAPhotoSizedImageIsFast() {
        RgbImage photo = noise(2000, 1500, 4);
        Resampler.fitLongestSide(photo, 512); // let the JIT compile the loops first

        long start = System.nanoTime();
        RgbImage small = Resampler.fitLongestSide(photo, 512);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertSize(small, 512, 384);
        assertThat(millis).as("milliseconds for 2000 x 1500 -> 512 x 384").isLessThan(1000);
    }

    private static void assertSize(RgbImage image, int width, int height) {
        assertThat(image.width()).as("width").isEqualTo(width);
        assertThat(image.height()).as("height").isEqualTo(height);
    }

    /** Black except one pixel whose every channel is 1. */
    private static RgbImage marked(int width, int height, int x, int y) {
        float[] planes = new float[3 * width * height];
        for (int channel = 0; channel < 3; channel++) {
            planes[(channel * height + y) * width + x] = 1f;
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static RgbImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        float[] planes = new float[3 * width * height];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = random.nextFloat();
        }
        return RgbImage.wrap(width, height, planes);
    }
}
