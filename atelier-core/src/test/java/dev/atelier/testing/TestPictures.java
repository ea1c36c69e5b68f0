package dev.atelier.testing;

import dev.atelier.io.RgbImage;
import java.util.SplittableRandom;

/** Generated pictures with structure (gradients, stripes, blobs) for tests of the methods. */
public final class TestPictures {
    private TestPictures() {}

    /** A "photo": smooth colour gradients with a few soft discs. */
    public static RgbImage photo(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] planes = new float[3 * width * height];
        double[][] discs = new double[4][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                    (0.1 + 0.2 * random.nextDouble()) * Math.min(width, height), random.nextDouble()};
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                double disc = 0;
                for (double[] d : discs) {
                    double distance = Math.hypot(x - d[0], y - d[1]);
                    disc += d[3] * Math.exp(-distance * distance / (2 * d[2] * d[2]));
                }
                planes[y * width + x] = (float) clamp(0.2 + 0.6 * u + 0.3 * disc);
                planes[width * height + y * width + x] = (float) clamp(0.3 + 0.4 * v + 0.2 * disc);
                planes[2 * width * height + y * width + x] = (float) clamp(0.7 - 0.4 * u * v + 0.1 * disc);
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    /** A "painting": high-contrast diagonal stripes in saturated colours, with noise. */
    public static RgbImage painting(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] planes = new float[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double stripe = Math.sin((x + 2 * y) * 0.6) > 0 ? 1 : 0;
                double noise = random.nextDouble() * 0.2;
                planes[y * width + x] = (float) clamp(0.9 * stripe + noise);
                planes[width * height + y * width + x] = (float) clamp(0.2 + 0.5 * (1 - stripe) + noise);
                planes[2 * width * height + y * width + x] = (float) clamp(0.1 + 0.8 * stripe * (x % 7) / 7.0);
            }
        }
        return RgbImage.wrap(width, height, planes);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    /** Mean absolute difference of two equally sized images. */
    public static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        float[] first = a.sharedPlanes();
        float[] second = b.sharedPlanes();
        double sum = 0;
        for (int i = 0; i < first.length; i++) {
            sum += Math.abs(first[i] - second[i]);
        }
        return sum / first.length;
    }
}
