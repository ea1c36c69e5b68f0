package dev.atelier.video.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import org.junit.jupiter.api.Test;

/** The blend and the warping error against hand-computed values. */
class TemporalBlendTest {
    @Test
    void reliablePixelsKeepTheWeightedShareOfThePreviousResult() {
        RgbImage current = RgbImage.solid(2, 1, 1, 1, 1);
        RgbImage warped = RgbImage.solid(2, 1, 0, 0.5f, 0);
        RgbImage blended = TemporalBlend.blend(current, warped, new float[] {1, 0}, 0.6);
        // Reliable: 0.6 * warped + 0.4 * current; unreliable: the current result.
        assertThat(blended.pixel(0, 0)).containsExactly(new float[] {0.4f, 0.7f, 0.4f}, within(1e-6f));
        assertThat(blended.pixel(1, 0)).containsExactly(1f, 1f, 1f);
    }

    @Test
    void theWarpingErrorIsTheMeanSquaredDifferenceOverReliablePixelsAndChannels() {
        // Pixel 0 differs by (0.3, 0, 0.4), pixel 1 by (1, 1, 1) but is unreliable, pixel 2 by 0.1 in
        // each channel at weight 0.5: (0.09 + 0.16 + 0.5 * 0.03) / (3 * 1.5) = 0.265 / 4.5.
        RgbImage result = RgbImage.wrap(3, 1, new float[] {0.3f, 1, 0.1f, 0, 1, 0.1f, 0.4f, 1, 0.1f});
        RgbImage previous = RgbImage.solid(3, 1, 0, 0, 0);
        assertThat(WarpingError.of(result, previous, new float[] {1, 0, 0.5f})).isCloseTo(0.265 / 4.5, within(1e-7));
        assertThat(WarpingError.of(result, previous, new float[3])).isNaN();
    }

    @Test
    void theClipsMeanLeavesOutPairsWithNothingReliable() {
        WarpingError.Mean mean = new WarpingError.Mean();
        assertThat(mean.value()).isNaN();
        mean.add(0.2);
        mean.add(Double.NaN);
        mean.add(0.4);
        assertThat(mean.value()).isCloseTo(0.3, within(1e-12));
        assertThat(mean.pairs()).isEqualTo(2);
    }
}
