package dev.atelier.video.flow;

/** A separable box filter in place, the border repeated: mean of the (2r + 1)² neighbourhood. */
final class BoxFilter {
    private BoxFilter() {}

    static void apply(float[] plane, int width, int height, int radius) {
        float[] line = new float[Math.max(width, height)];
        float scale = 1f / (2 * radius + 1);
        for (int y = 0; y < height; y++) {
            int row = y * width;
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += plane[row + clamp(k, width)];
            }
            for (int x = 0; x < width; x++) {
                line[x] = (float) (sum * scale);
                sum += plane[row + clamp(x + radius + 1, width)] - plane[row + clamp(x - radius, width)];
            }
            System.arraycopy(line, 0, plane, row, width);
        }
        for (int x = 0; x < width; x++) {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += plane[clamp(k, height) * width + x];
            }
            for (int y = 0; y < height; y++) {
                line[y] = (float) (sum * scale);
                sum += plane[clamp(y + radius + 1, height) * width + x] - plane[clamp(y - radius, height) * width + x];
            }
            for (int y = 0; y < height; y++) {
                plane[y * width + x] = line[y];
            }
        }
    }

    private static int clamp(int index, int length) {
        return Math.min(Math.max(index, 0), length - 1);
    }
}
