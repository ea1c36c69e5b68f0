package dev.atelier.color;

import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;

/**
 * Two numbers that say whether a stylised picture is still the photo and already the painting,
 * without a network: how well its edges follow the photo's, and how near its colours are to the
 * painting's. Benchmarks compare plans with them (two plans whose pictures measure the same within
 * a few percent paint the same picture); tests check methods with them.
 */
public final class PictureMeasures {
    private PictureMeasures() {}

    /**
     * Pearson correlation of the two pictures' luminance gradient magnitudes (central differences),
     * both taken at half size so that the brush texture a style adds averages out and what remains
     * is the photo's outlines. 1: the same edges; near 0: unrelated pictures. The pictures must have
     * the same size.
     */
    public static double edgeCorrelation(RgbImage photo, RgbImage result) {
        if (photo.width() != result.width() || photo.height() != result.height()) {
            throw new IllegalArgumentException("pictures of different sizes: " + photo.width() + "x" + photo.height()
                    + " and " + result.width() + "x" + result.height());
        }
        return gradientCorrelation(halved(photo), halved(result));
    }

    /** Pearson correlation of the luminance gradient magnitudes of two pictures of the same size, as they are. */
    public static double gradientCorrelation(RgbImage first, RgbImage second) {
        double[] a = gradientMagnitudes(first);
        double[] b = gradientMagnitudes(second);
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.length;
        meanB /= b.length;
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
    }

    /**
     * Distance between the two pictures' palettes: the sum over red, green and blue of the absolute
     * differences of their means and of their standard deviations (values in 0–1, so at most 6).
     * Sizes may differ: only the statistics are compared.
     */
    public static double paletteDistance(RgbImage first, RgbImage second) {
        double[] a = colourStatistics(first);
        double[] b = colourStatistics(second);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }

    private static RgbImage halved(RgbImage image) {
        return Resampler.resizeTo(image, Math.max(3, image.width() / 2), Math.max(3, image.height() / 2));
    }

    private static double[] gradientMagnitudes(RgbImage image) {
        int width = image.width();
        int height = image.height();
        if (width < 3 || height < 3) {
            throw new IllegalArgumentException("a picture needs at least 3x3 pixels for gradients, got "
                    + width + "x" + height);
        }
        float[] planes = image.sharedPlanes();
        int pixels = width * height;
        double[] magnitudes = new double[(width - 2) * (height - 2)];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                double dx = luma(planes, i + 1, pixels) - luma(planes, i - 1, pixels);
                double dy = luma(planes, i + width, pixels) - luma(planes, i - width, pixels);
                magnitudes[(y - 1) * (width - 2) + x - 1] = Math.hypot(dx, dy);
            }
        }
        return magnitudes;
    }

    private static double luma(float[] planes, int pixel, int pixels) {
        return 0.299 * planes[pixel] + 0.587 * planes[pixels + pixel] + 0.114 * planes[2 * pixels + pixel];
    }

    private static double[] colourStatistics(RgbImage image) {
        float[] planes = image.sharedPlanes();
        int pixels = image.pixelCount();
        double[] statistics = new double[6];
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < pixels; i++) {
                double value = planes[c * pixels + i];
                sum += value;
                squares += value * value;
            }
            double mean = sum / pixels;
            statistics[c] = mean;
            statistics[3 + c] = Math.sqrt(Math.max(0, squares / pixels - mean * mean));
        }
        return statistics;
    }
}
