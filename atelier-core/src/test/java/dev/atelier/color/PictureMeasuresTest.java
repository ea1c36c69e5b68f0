package dev.atelier.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import org.junit.jupiter.api.Test;

class PictureMeasuresTest {

    @Test
    void aPictureHasTheSameEdgesAsItselfAndAsABrighterCopy() {
        RgbImage ramp = picture(16, 12, (x, y) -> (x * x + 3 * y) / 300.0);
        RgbImage brighter = picture(16, 12, (x, y) -> 0.1 + 0.5 * (x * x + 3 * y) / 300.0);
        assertThat(PictureMeasures.edgeCorrelation(ramp, ramp)).isCloseTo(1, within(1e-12));
        // Gradient magnitudes scale with contrast, and correlation ignores scale and offset.
        assertThat(PictureMeasures.edgeCorrelation(ramp, brighter)).isCloseTo(1, within(1e-9));
    }

    @Test
    void gradientCorrelationOfHandComputedMagnitudes() {
        // 3x4 grey pictures (rows of three): only the inner pixels (1,1) and (1,2) have central
        // differences. Both: dx = 0.2 − 0 at each. first: dy = 0.2 − 0 and 0.7 − 0.1, magnitudes √0.08
        // and √0.40; second: dy = 0.6 − 0 and 0.3 − 0.1, magnitudes √0.40 and √0.08: anti-correlated.
        RgbImage first = grey(3, 4, new double[] {0, 0, 0, 0, 0.1, 0.2, 0, 0.2, 0.2, 0, 0.7, 0});
        RgbImage second = grey(3, 4, new double[] {0, 0, 0, 0, 0.1, 0.2, 0, 0.6, 0.2, 0, 0.3, 0});
        assertThat(PictureMeasures.gradientCorrelation(first, second)).isCloseTo(-1, within(1e-9));
        assertThat(PictureMeasures.gradientCorrelation(first, first)).isCloseTo(1, within(1e-12));
    }

    @Test
    void paletteDistanceAddsTheDifferencesOfMeansAndSpreads() {
        // Red 0 and 1 in halves: mean 0.5, spread 0.5; green all 0.25; blue all 0.
        RgbImage halves = RgbImage.wrap(2, 1, new float[] {0, 1, 0.25f, 0.25f, 0, 0});
        // Flat 0.5 grey: means 0.5, spreads 0.
        RgbImage grey = RgbImage.wrap(1, 1, new float[] {0.5f, 0.5f, 0.5f});
        // |0.5−0.5| + |0.25−0.5| + |0−0.5| + |0.5−0| + 0 + 0 = 1.25
        assertThat(PictureMeasures.paletteDistance(halves, grey)).isCloseTo(1.25, within(1e-7));
        assertThat(PictureMeasures.paletteDistance(grey, halves)).isCloseTo(1.25, within(1e-7));
        assertThat(PictureMeasures.paletteDistance(halves, halves)).isZero();
    }

    @Test
    void picturesOfDifferentSizesOrTooSmallAreRefused() {
        RgbImage small = picture(4, 4, (x, y) -> x / 4.0);
        RgbImage other = picture(6, 4, (x, y) -> x / 6.0);
        assertThatThrownBy(() -> PictureMeasures.edgeCorrelation(small, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x4 and 6x4");
        assertThatThrownBy(() -> PictureMeasures.gradientCorrelation(grey(2, 2, new double[4]), grey(2, 2, new double[4])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x3");
    }

    private interface Shade {
        double at(int x, int y);
    }

    private static RgbImage picture(int width, int height, Shade shade) {
        double[] values = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = shade.at(x, y);
            }
        }
        return grey(width, height, values);
    }

    private static RgbImage grey(int width, int height, double[] values) {
        int pixels = width * height;
        float[] planes = new float[3 * pixels];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < pixels; i++) {
                planes[c * pixels + i] = (float) values[i];
            }
        }
        return RgbImage.wrap(width, height, planes);
    }
}
