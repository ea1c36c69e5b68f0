package dev.atelier.video.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Ruder et al.'s consistency check and motion boundaries, on flows made by hand. */
class ReliabilityTest {
    private static FlowField uniform(int width, int height, float u, float v) {
        float[] us = new float[width * height];
        float[] vs = new float[width * height];
        Arrays.fill(us, u);
        Arrays.fill(vs, v);
        return FlowField.wrap(width, height, us, vs);
    }

    @Test
    void aConsistentPanIsReliableExceptWhereItLeadsOutOfTheFrame() {
        // Frame t is frame t - 1 moved 2 pixels right: backward flow -2, forward +2.
        float[] mask = Reliability.of(uniform(10, 4, -2, 0), uniform(10, 4, 2, 0));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 10; x++) {
                assertThat(mask[y * 10 + x]).as("(%d, %d)", x, y).isEqualTo(x < 2 ? 0f : 1f);
            }
        }
        assertThat(Reliability.fraction(mask)).isEqualTo(0.8);
    }

    @Test
    void goingBackAndForthWithoutReturningIsAnOcclusion() {
        // Back by 3 pixels, but the forward flow there says nothing moved: |w~ + w^|^2 = 9 >= 0.01 * 9 + 0.5.
        float[] mask = Reliability.of(uniform(10, 4, -3, 0), uniform(10, 4, 0, 0));
        assertThat(Reliability.fraction(mask)).isZero();
        // Half a pixel of disagreement on a 5-pixel motion passes: 0.25 < 0.01 * (25 + 20.25) + 0.5.
        float[] close = Reliability.of(uniform(10, 4, -5, 0), uniform(10, 4, 4.5f, 0));
        assertThat(close[3 * 10 + 9]).isEqualTo(1f);
    }

    @Test
    void aMotionBoundaryIsUnreliable() {
        // The left half still, the right half moving 1 pixel down (backward flow v = -1 there).
        float[] u = new float[8 * 6];
        float[] v = new float[8 * 6];
        for (int y = 0; y < 6; y++) {
            for (int x = 4; x < 8; x++) {
                v[y * 8 + x] = -1;
            }
        }
        FlowField backward = FlowField.wrap(8, 6, u, v);
        float[] fu = new float[8 * 6];
        float[] fv = new float[8 * 6];
        for (int i = 0; i < fv.length; i++) {
            fv[i] = -v[i];
        }
        float[] mask = Reliability.of(backward, FlowField.wrap(8, 6, fu, fv));
        // Columns 3 and 4 straddle the step: a central difference of 0.5, squared 0.25 > 0.01 |w|^2 + 0.002.
        assertThat(mask[3 * 8 + 3]).isZero();
        assertThat(mask[3 * 8 + 4]).isZero();
        assertThat(mask[3 * 8 + 1]).isEqualTo(1f);
        assertThat(mask[3 * 8 + 6]).isEqualTo(1f);
    }
}
