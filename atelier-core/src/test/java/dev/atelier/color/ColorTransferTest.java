package dev.atelier.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.io.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorTransferTest {

    @Test
    void recolouredImageHasTheTargetsMeanAndCovariance() {
        // Correlated colours kept near mid-grey, so the linear map never needs clamping.
        RgbImage source = correlatedImage(40, 30, new double[] {0.5, 0.45, 0.55},
                new double[][] {{0.08, 0, 0}, {0.05, 0.04, 0}, {-0.02, 0.03, 0.05}}, 1);
        RgbImage target = correlatedImage(25, 20, new double[] {0.4, 0.6, 0.5},
                new double[][] {{0.05, 0, 0}, {-0.03, 0.06, 0}, {0.02, 0.01, 0.04}}, 2);

        RgbImage result = ColorTransfer.matchColors(source, target);

        assertThat(result.width()).isEqualTo(40);
        assertThat(result.height()).isEqualTo(30);
        double[] mean = mean(result);
        double[] wantedMean = mean(target);
        double[][] covariance = covariance(result, mean);
        double[][] wantedCovariance = covariance(target, wantedMean);
        double scale = 0;
        for (double[] row : wantedCovariance) {
            for (double value : row) {
                scale = Math.max(scale, Math.abs(value));
            }
        }
        for (int a = 0; a < 3; a++) {
            assertThat(mean[a]).as("mean of channel %d", a).isCloseTo(wantedMean[a], within(1e-4));
            for (int b = 0; b < 3; b++) {
                // The ridge of 1/255² the reference adds to both covariances shifts the result by about
                // 1/255² times the ratio of their scales: a percent or two here.
                assertThat(covariance[a][b]).as("covariance [%d][%d]", a, b)
                        .isCloseTo(wantedCovariance[a][b], within(0.02 * scale));
            }
        }
    }

    @Test
    void recolouringToItselfChangesAlmostNothing() {
        RgbImage image = correlatedImage(30, 30, new double[] {0.5, 0.5, 0.5},
                new double[][] {{0.1, 0, 0}, {0.02, 0.08, 0}, {0, 0.04, 0.06}}, 3);

        RgbImage result = ColorTransfer.matchColors(image, image);

        float[] before = image.sharedPlanes();
        float[] after = result.sharedPlanes();
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i], within(1e-5f));
        }
    }

    /** Pixels mean + L·u with u uniform in [-1, 1]³ (scaled to unit variance), values well inside [0, 1]. */
    private static RgbImage correlatedImage(int width, int height, double[] mean, double[][] mixing, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int pixels = width * height;
        float[] planes = new float[3 * pixels];
        for (int i = 0; i < pixels; i++) {
            double[] u = new double[3];
            for (int k = 0; k < 3; k++) {
                u[k] = random.nextDouble(-1, 1) * Math.sqrt(3);
            }
            for (int c = 0; c < 3; c++) {
                double value = mean[c];
                for (int k = 0; k < 3; k++) {
                    value += mixing[c][k] * u[k];
                }
                planes[c * pixels + i] = (float) value;
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static double[] mean(RgbImage image) {
        int pixels = image.width() * image.height();
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < pixels; i++) {
                mean[c] += image.sharedPlanes()[c * pixels + i];
            }
            mean[c] /= pixels;
        }
        return mean;
    }

    private static double[][] covariance(RgbImage image, double[] mean) {
        int pixels = image.width() * image.height();
        float[] planes = image.sharedPlanes();
        double[][] covariance = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < pixels; i++) {
                    covariance[a][b] += (planes[a * pixels + i] - mean[a]) * (planes[b * pixels + i] - mean[b]);
                }
                covariance[a][b] /= pixels - 1;
            }
        }
        return covariance;
    }
}
