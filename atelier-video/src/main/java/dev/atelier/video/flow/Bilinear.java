package dev.atelier.video.flow;

/** Bilinear interpolation in a row-major plane, with the border repeated beyond the edges. */
final class Bilinear {
    private Bilinear() {}

    static float sample(float[] plane, int width, int height, float x, float y) {
        return sample(plane, 0, width, height, x, y);
    }

    /** As {@link #sample(float[], int, int, float, float)} for the plane starting at {@code offset}. */
    static float sample(float[] plane, int offset, int width, int height, float x, float y) {
        float cx = Math.min(Math.max(x, 0f), width - 1f);
        float cy = Math.min(Math.max(y, 0f), height - 1f);
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        float fx = cx - x0;
        float fy = cy - y0;
        int row0 = offset + y0 * width;
        int row1 = offset + y1 * width;
        float top = plane[row0 + x0] + fx * (plane[row0 + x1] - plane[row0 + x0]);
        float bottom = plane[row1 + x0] + fx * (plane[row1 + x1] - plane[row1 + x0]);
        return top + fy * (bottom - top);
    }
}
