package dev.atelier.color;

import dev.atelier.io.RgbImage;

/**
 * Colour preservation for AdaIN (Huang and Belongie 2017, sec. 7.3, after Gatys et al. 2017):
 * before encoding, the style image's colours are transformed linearly so their mean and covariance
 * match the content photo's (the reference code's {@code coral}). The result keeps the photo's
 * palette and takes only the painting's strokes and textures.
 */
public final class ColorTransfer {
    private ColorTransfer() {}

    /** {@code source} recoloured to the colour statistics of {@code target}; values clamped to [0, 1]. */
    public static RgbImage matchColors(RgbImage source, RgbImage target) {
        Statistics from = Statistics.of(source);
        Statistics to = Statistics.of(target);
        double[][] transform = multiply(SymmetricMatrices.power(to.covariance, 0.5),
                SymmetricMatrices.power(from.covariance, -0.5));
        float[] planes = source.planes();
        int pixels = source.width() * source.height();
        float[] result = new float[planes.length];
        for (int i = 0; i < pixels; i++) {
            double[] centered = new double[3];
            for (int c = 0; c < 3; c++) {
                centered[c] = planes[c * pixels + i] - from.mean[c];
            }
            for (int c = 0; c < 3; c++) {
                double value = to.mean[c];
                for (int k = 0; k < 3; k++) {
                    value += transform[c][k] * centered[k];
                }
                result[c * pixels + i] = (float) Math.max(0, Math.min(1, value));
            }
        }
        return RgbImage.wrap(source.width(), source.height(), result);
    }

    /** Mean colour and 3x3 covariance of an image's pixels; a small ridge keeps it invertible. */
    record Statistics(double[] mean, double[][] covariance) {
        static Statistics of(RgbImage image) {
            float[] planes = image.sharedPlanes();
            int pixels = image.width() * image.height();
            double[] mean = new double[3];
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int i = 0; i < pixels; i++) {
                    sum += planes[c * pixels + i];
                }
                mean[c] = sum / pixels;
            }
            double[][] covariance = new double[3][3];
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++) {
                    double sum = 0;
                    for (int i = 0; i < pixels; i++) {
                        sum += (planes[a * pixels + i] - mean[a]) * (planes[b * pixels + i] - mean[b]);
                    }
                    covariance[a][b] = sum / Math.max(1, pixels - 1);
                    covariance[b][a] = covariance[a][b];
                }
                // As the reference code adds the identity to 255-scaled colours: ridge 1/255² here.
                covariance[a][a] += 1.0 / (255.0 * 255.0);
            }
            return new Statistics(mean, covariance);
        }
    }

    static double[][] multiply(double[][] left, double[][] right) {
        double[][] product = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    product[i][j] += left[i][k] * right[k][j];
                }
            }
        }
        return product;
    }
}
