package dev.atelier.video;

import dev.atelier.io.RgbImage;
import dev.atelier.video.flow.FlowField;

/**
 * A camera moving over a photo by known amounts: frame t shows the photo panned by {@code t·pan}
 * pixels and zoomed by {@code zoom^t} about the frame's centre, sampled bilinearly, so the true flow
 * between any two frames is known exactly.
 */
public final class KnownMotion {
    private final RgbImage photo;
    private final int width;
    private final int height;
    private final double panX;
    private final double panY;
    private final double zoom;

    /**
     * @param photo at least a third larger than the frames, so that every frame lies inside it
     * @param panX horizontal pan per frame, in frame pixels
     * @param zoom magnification per frame (1.01: 1 % closer each frame)
     */
    public KnownMotion(RgbImage photo, int width, int height, double panX, double panY, double zoom) {
        this.photo = photo;
        this.width = width;
        this.height = height;
        this.panX = panX;
        this.panY = panY;
        this.zoom = zoom;
    }

    private double scale(int frame) {
        return Math.pow(zoom, frame);
    }

    /** Frame {@code t}. */
    public RgbImage frame(int t) {
        double z = scale(t);
        double centreX = (width - 1) / 2.0;
        double centreY = (height - 1) / 2.0;
        double photoX = (photo.width() - 1) / 2.0 + t * panX;
        double photoY = (photo.height() - 1) / 2.0 + t * panY;
        float[] planes = photo.sharedPlanes();
        int photoWidth = photo.width();
        int photoArea = photo.pixelCount();
        float[] out = new float[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sx = photoX + (x - centreX) / z;
                double sy = photoY + (y - centreY) / z;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                if (x0 < 0 || y0 < 0 || x0 + 1 >= photoWidth || y0 + 1 >= photo.height()) {
                    throw new IllegalStateException("frame " + t + " leaves the photo");
                }
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    int at = c * photoArea + y0 * photoWidth + x0;
                    double top = planes[at] * (1 - fx) + planes[at + 1] * fx;
                    double bottom = planes[at + photoWidth] * (1 - fx) + planes[at + photoWidth + 1] * fx;
                    out[c * width * height + y * width + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return RgbImage.wrap(width, height, out);
    }

    /**
     * The true flow from frame {@code from} to frame {@code to}: a scene point at {@code x} in the first
     * is at {@code c + (z_to / z_from)(x − c) + z_to (p_from − p_to)} in the second.
     */
    public FlowField flow(int from, int to) {
        double ratio = scale(to) / scale(from);
        double centreX = (width - 1) / 2.0;
        double centreY = (height - 1) / 2.0;
        float[] u = new float[width * height];
        float[] v = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double toX = centreX + ratio * (x - centreX) + scale(to) * (from - to) * panX;
                double toY = centreY + ratio * (y - centreY) + scale(to) * (from - to) * panY;
                u[y * width + x] = (float) (toX - x);
                v[y * width + x] = (float) (toY - y);
            }
        }
        return FlowField.wrap(width, height, u, v);
    }
}
