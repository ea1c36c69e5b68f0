package dev.atelier.color;

import dev.atelier.io.RgbImage;

/**
 * Luminance-only style transfer (Gatys, Ecker, Bethge, Hertzmann and Shechtman 2017, "Controlling
 * perceptual factors in neural style transfer", sec. 5.1): style is transferred between the
 * luminance channels of photo and painting, and the result's luminance is recombined with the
 * photo's own colour channels in YIQ, so the photo's colours survive exactly.
 *
 * <p>YIQ is the NTSC 1953 colour space the paper uses (FCC coefficients); its inverse is computed,
 * not rounded from tables, so a round trip is exact to float precision. Since the inverse maps a
 * change of Y to the same change of R, G and B, a recombined pixel that would leave [0, 1] has its
 * luminance moved into the range that keeps it inside, instead of clamping R, G and B, which would
 * change its chroma.
 */
public final class Luminance {
    /** RGB to YIQ, rows Y, I, Q. Y's row sums to 1 and I's and Q's to 0. */
    static final double[][] TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135},
    };
    /** YIQ to RGB: the exact inverse of {@link #TO_YIQ}. */
    static final double[][] FROM_YIQ = invert(TO_YIQ);

    private Luminance() {}

    /** The Y channel of every pixel, row-major. */
    public static float[] luma(RgbImage image) {
        float[] planes = image.sharedPlanes();
        int pixels = image.pixelCount();
        float[] luma = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            luma[i] = (float) (TO_YIQ[0][0] * planes[i] + TO_YIQ[0][1] * planes[pixels + i]
                    + TO_YIQ[0][2] * planes[2 * pixels + i]);
        }
        return luma;
    }

    /** The image's luminance as a grey RGB image (Y in all three channels), which VGG takes as it is. */
    public static RgbImage grey(RgbImage image) {
        return fromLuma(image.width(), image.height(), luma(image));
    }

    /**
     * The painting's luminance shifted and scaled to the photo's mean and standard deviation, as grey
     * (the paper's luminance histogram matching): a dark painting does not darken the photo.
     */
    public static RgbImage matchedGrey(RgbImage painting, RgbImage photo) {
        float[] source = luma(painting);
        float[] target = luma(photo);
        double[] from = meanAndDeviation(source);
        double[] to = meanAndDeviation(target);
        double gain = from[1] > 1e-6 ? to[1] / from[1] : 1;
        float[] matched = new float[source.length];
        for (int i = 0; i < source.length; i++) {
            matched[i] = (float) Math.max(0, Math.min(1, (source[i] - from[0]) * gain + to[0]));
        }
        return fromLuma(painting.width(), painting.height(), matched);
    }

    /**
     * The luminance of {@code luminanceSource} with the I and Q channels of {@code chromaSource}
     * (equally sized). I and Q are kept exactly; where the pair falls outside RGB's [0, 1], Y is
     * moved to the nearest value that keeps the pixel inside (one exists: the chroma source's own
     * pixel is inside with its own Y).
     */
    public static RgbImage withChroma(RgbImage luminanceSource, RgbImage chromaSource) {
        if (luminanceSource.width() != chromaSource.width() || luminanceSource.height() != chromaSource.height()) {
            throw new IllegalArgumentException("luminance " + luminanceSource + " and chroma " + chromaSource
                    + " differ in size");
        }
        float[] luma = luma(luminanceSource);
        float[] colour = chromaSource.sharedPlanes();
        int pixels = chromaSource.pixelCount();
        float[] result = new float[3 * pixels];
        double[] offset = new double[3];
        for (int i = 0; i < pixels; i++) {
            double r = colour[i];
            double g = colour[pixels + i];
            double b = colour[2 * pixels + i];
            double in = TO_YIQ[1][0] * r + TO_YIQ[1][1] * g + TO_YIQ[1][2] * b;
            double quadrature = TO_YIQ[2][0] * r + TO_YIQ[2][1] * g + TO_YIQ[2][2] * b;
            double lowest = Double.NEGATIVE_INFINITY;
            double highest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                offset[c] = FROM_YIQ[c][1] * in + FROM_YIQ[c][2] * quadrature;
                lowest = Math.max(lowest, -offset[c]);
                highest = Math.min(highest, 1 - offset[c]);
            }
            double y = Math.max(lowest, Math.min(highest, luma[i]));
            for (int c = 0; c < 3; c++) {
                result[c * pixels + i] = (float) (FROM_YIQ[c][0] * y + offset[c]);
            }
        }
        return RgbImage.wrap(chromaSource.width(), chromaSource.height(), result);
    }

    /** I and Q of every pixel: {@code [0]} I, {@code [1]} Q, row-major. */
    public static float[][] chroma(RgbImage image) {
        float[] planes = image.sharedPlanes();
        int pixels = image.pixelCount();
        float[][] chroma = new float[2][pixels];
        for (int i = 0; i < pixels; i++) {
            for (int k = 0; k < 2; k++) {
                chroma[k][i] = (float) (TO_YIQ[k + 1][0] * planes[i] + TO_YIQ[k + 1][1] * planes[pixels + i]
                        + TO_YIQ[k + 1][2] * planes[2 * pixels + i]);
            }
        }
        return chroma;
    }

    private static RgbImage fromLuma(int width, int height, float[] luma) {
        int pixels = width * height;
        float[] planes = new float[3 * pixels];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(luma, 0, planes, c * pixels, pixels);
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static double[] meanAndDeviation(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new double[] {mean, Math.sqrt(squares / values.length)};
    }

    /** The inverse of a 3x3 matrix by cofactors. */
    static double[][] invert(double[][] m) {
        double[][] cofactors = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r1 = (i + 1) % 3;
                int r2 = (i + 2) % 3;
                int c1 = (j + 1) % 3;
                int c2 = (j + 2) % 3;
                cofactors[i][j] = m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1];
            }
        }
        double determinant = m[0][0] * cofactors[0][0] + m[0][1] * cofactors[0][1] + m[0][2] * cofactors[0][2];
        double[][] inverse = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                inverse[i][j] = cofactors[j][i] / determinant;
            }
        }
        return inverse;
    }
}
