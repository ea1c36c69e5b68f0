package dev.atelier.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.io.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 8-bit rounding every result goes through before the next frame holds to it. */
class FramePainterQuantisedTest {
    /** The rule as first written: round half up of the clamped sample times 255, NaN to 0. */
    private static float byTheRule(float value) {
        return value != value ? 0 : Math.round(Math.min(1f, Math.max(0f, value)) * 255f) / 255f;
    }

    @Test
    void roundsEverySampleExactlyAsMathRoundWould() {
        Random random = new Random(7);
        int width = 301;
        int height = 257;
        float[] samples = new float[3 * width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = random.nextFloat() * 1.2f - 0.1f;
        }
        // Exactly halfway between two 8-bit steps and one float either side of it, and the odd ones.
        float[] edges = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, 1f, -1e-9f, 1.0000001f,
            0.5f / 255f, Math.nextDown(0.5f / 255f), Math.nextUp(0.5f / 255f), 127.5f / 255f,
            Math.nextDown(127.5f / 255f), Math.nextUp(127.5f / 255f), 254.5f / 255f, Math.nextDown(254.5f / 255f),
            Math.nextUp(254.5f / 255f), Math.nextDown(1f)};
        System.arraycopy(edges, 0, samples, 1000, edges.length);
        for (int k = 0; k < 255; k++) {
            float half = (k + 0.5f) / 255f;
            samples[2000 + 3 * k] = Math.nextDown(half);
            samples[2000 + 3 * k + 1] = half;
            samples[2000 + 3 * k + 2] = Math.nextUp(half);
        }
        float[] expected = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            expected[i] = byTheRule(samples[i]);
        }

        RgbImage image = RgbImage.wrap(width, height, samples.clone());
        RgbImage rounded = FramePainter.quantised(image);

        assertThat(rounded.sharedPlanes()).isEqualTo(expected);
        assertThat(image.sharedPlanes()).as("the input is left as it was").isEqualTo(samples);
        assertThat(rounded.width()).isEqualTo(width);
        assertThat(rounded.height()).isEqualTo(height);
    }
}
