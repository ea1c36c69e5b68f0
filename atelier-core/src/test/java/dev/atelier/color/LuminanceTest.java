package dev.atelier.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Luminance-only transfer keeps the photo's chroma exactly; YIQ round trips. */
class LuminanceTest {

    private static RgbImage random(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] planes = new float[3 * width * height];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (float) random.nextDouble();
        }
        return RgbImage.wrap(width, height, planes);
    }

    @Test
    void theInverseIsExactAndMovesRgbEquallyWithLuminance() {
        double[][] product = ColorTransfer.multiply(Luminance.FROM_YIQ, Luminance.TO_YIQ);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(product[i][j]).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
            assertThat(Luminance.FROM_YIQ[i][0]).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void recombinedImageHasThePhotosChromaExactlyAndTheResultsLuminanceWhereItFits() {
        RgbImage photo = random(40, 30, 1);
        RgbImage stylised = random(40, 30, 2);
        RgbImage recombined = Luminance.withChroma(stylised, photo);
        float[][] expected = Luminance.chroma(photo);
        float[][] actual = Luminance.chroma(recombined);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                assertThat(actual[k][i]).isCloseTo(expected[k][i], within(2e-6f));
            }
        }
        float[] luma = Luminance.luma(stylised);
        float[] result = Luminance.luma(recombined);
        int kept = 0;
        for (int i = 0; i < luma.length; i++) {
            if (Math.abs(result[i] - luma[i]) < 1e-5) {
                kept++;
            }
        }
        // Random colours often leave the gamut with another luminance; most still keep it.
        assertThat(kept).isGreaterThan(luma.length / 3);
        for (float sample : recombined.sharedPlanes()) {
            assertThat(sample).isBetween(-1e-6f, 1 + 1e-6f);
        }
    }

    @Test
    void greyMatchedPaintingHasThePhotosLuminanceMeanAndSpread() {
        RgbImage photo = random(50, 40, 3);
        float[] paintingPlanes = new float[3 * 60 * 20];
        for (int i = 0; i < paintingPlanes.length; i++) {
            paintingPlanes[i] = 0.2f + 0.1f * (i % 7) / 7f;
        }
        RgbImage matched = Luminance.matchedGrey(RgbImage.wrap(60, 20, paintingPlanes), photo);
        double[] want = statistics(Luminance.luma(photo));
        double[] got = statistics(Luminance.luma(matched));
        assertThat(got[0]).isCloseTo(want[0], within(1e-4));
        assertThat(got[1]).isCloseTo(want[1], within(1e-3));
        assertThat(Luminance.chroma(matched)[0][5]).isCloseTo(0f, within(1e-6f));
    }

    private static double[] statistics(float[] values) {
        double mean = 0;
        for (float value : values) {
            mean += value;
        }
        mean /= values.length;
        double variance = 0;
        for (float value : values) {
            variance += (value - mean) * (value - mean);
        }
        return new double[] {mean, Math.sqrt(variance / values.length)};
    }
}
