package dev.atelier.testing;

import dev.atelier.io.RgbImage;
import dev.atelier.tiling.TilePlan;

/**
 * How far one picture is from another, in 0–255 steps, overall and near tile seams: the seam band
 * is every pixel within 16 pixels of the middle of an overlap between neighbouring tiles. A seam
 * would show as a band whose difference stands out from the rest.
 */
public record ImageDifference(double mean, double maximum, double seamBandMean, double elsewhereMean) {

    public static ImageDifference between(RgbImage expected, RgbImage actual, TilePlan tiles) {
        float[] a = expected.sharedPlanes();
        float[] b = actual.sharedPlanes();
        int width = expected.width();
        int height = expected.height();
        boolean[] seam = new boolean[width * height];
        for (TilePlan.Tile tile : tiles.tiles()) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean nearColumn = tile.x() > 0 && Math.abs(x - (tile.x() + tiles.overlap() / 2)) <= 16;
                    boolean nearRow = tile.y() > 0 && Math.abs(y - (tile.y() + tiles.overlap() / 2)) <= 16;
                    seam[y * width + x] |= nearColumn || nearRow;
                }
            }
        }
        double sum = 0;
        double maximum = 0;
        double seamSum = 0;
        double elsewhereSum = 0;
        long seamCount = 0;
        long elsewhereCount = 0;
        for (int i = 0; i < a.length; i++) {
            double difference = Math.abs(a[i] - b[i]) * 255;
            sum += difference;
            maximum = Math.max(maximum, difference);
            if (seam[i % (width * height)]) {
                seamSum += difference;
                seamCount++;
            } else {
                elsewhereSum += difference;
                elsewhereCount++;
            }
        }
        return new ImageDifference(sum / a.length, maximum, seamCount == 0 ? 0 : seamSum / seamCount,
                elsewhereCount == 0 ? 0 : elsewhereSum / elsewhereCount);
    }
}
