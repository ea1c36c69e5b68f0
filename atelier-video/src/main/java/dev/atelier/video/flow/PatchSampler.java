package dev.atelier.video.flow;

/**
 * Bilinear samples of a picture over a rectangle moved by a real offset. Every sample of the
 * rectangle shares the offset's fractional part, so the four weights are computed once; inside the
 * picture no sample needs clamping.
 */
final class PatchSampler {
    private PatchSampler() {}

    /** A {@code size x size} square whose top-left sample is at {@code (x, y)}, row by row into {@code out}. */
    static void fill(GrayImage image, double x, double y, int size, float[] out) {
        fill(image, x, y, size, size, out);
    }

    /** A {@code columns x rows} rectangle whose top-left sample is at {@code (x, y)}, row by row into {@code out}. */
    static void fill(GrayImage image, double x, double y, int columns, int rows, float[] out) {
        int width = image.width();
        int height = image.height();
        float[] values = image.values();
        double floorX = Math.floor(x);
        double floorY = Math.floor(y);
        int left = (int) floorX;
        int top = (int) floorY;
        if (left < 0 || top < 0 || left + columns >= width || top + rows >= height || !Double.isFinite(x + y)) {
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    out[row * columns + column] = image.sample((float) (x + column), (float) (y + row));
                }
            }
            return;
        }
        float fx = (float) (x - floorX);
        float fy = (float) (y - floorY);
        float w00 = (1 - fx) * (1 - fy);
        float w01 = fx * (1 - fy);
        float w10 = (1 - fx) * fy;
        float w11 = fx * fy;
        for (int row = 0; row < rows; row++) {
            int upper = (top + row) * width + left;
            int lower = upper + width;
            int at = row * columns;
            for (int column = 0; column < columns; column++) {
                out[at + column] = w00 * values[upper + column] + w01 * values[upper + column + 1]
                        + w10 * values[lower + column] + w11 * values[lower + column + 1];
            }
        }
    }
}
