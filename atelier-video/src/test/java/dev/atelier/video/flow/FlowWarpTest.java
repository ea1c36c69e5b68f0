package dev.atelier.video.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Backward warping: each pixel takes the picture's value at its position plus the flow. */
class FlowWarpTest {
    @Test
    void aWholePixelFlowShiftsThePictureAndAHalfPixelInterpolates() {
        float[] red = {0, 1, 2, 3};
        float[] planes = new float[12];
        System.arraycopy(red, 0, planes, 0, 4);
        RgbImage picture = RgbImage.wrap(4, 1, planes);
        float[] u = new float[4];
        Arrays.fill(u, 1);
        RgbImage shifted = FlowWarp.warp(picture, FlowField.wrap(4, 1, u, new float[4]));
        // Pixel x takes x + 1; the last repeats the border.
        assertThat(shifted.sample(0, 0, 0)).isEqualTo(1f);
        assertThat(shifted.sample(0, 2, 0)).isEqualTo(3f);
        assertThat(shifted.sample(0, 3, 0)).isEqualTo(3f);
        Arrays.fill(u, 0.5f);
        RgbImage half = FlowWarp.warp(picture, FlowField.wrap(4, 1, u, new float[4]));
        assertThat(half.sample(0, 1, 0)).isCloseTo(1.5f, within(1e-6f));
    }

    @Test
    void aFlowIsResizedWithItsVectors() {
        float[] u = new float[4 * 2];
        float[] v = new float[4 * 2];
        Arrays.fill(u, 1.5f);
        Arrays.fill(v, -0.5f);
        FlowField doubled = FlowField.wrap(4, 2, u, v).resized(8, 4);
        assertThat(doubled.u(5, 3)).isEqualTo(3f);
        assertThat(doubled.v(0, 0)).isEqualTo(-1f);
    }
}
