package dev.atelier.video.flow;

import java.util.stream.IntStream;

/**
 * A dense optical flow from one frame to another: the point at pixel {@code (x, y)} of the first frame
 * is at {@code (x + u, y + v)} in the second. Pixel centres are at integer positions. Immutable as
 * long as nobody writes into the arrays it was made with.
 */
public final class FlowField {
    private final int width;
    private final int height;
    private final float[] u;
    private final float[] v;

    private FlowField(int width, int height, float[] u, float[] v) {
        this.width = width;
        this.height = height;
        this.u = u;
        this.v = v;
    }

    /** A field over {@code u} and {@code v} (row-major, {@code width * height} each), taken without copying. */
    public static FlowField wrap(int width, int height, float[] u, float[] v) {
        if (width < 1 || height < 1 || u.length != width * height || v.length != width * height) {
            throw new IllegalArgumentException("a " + width + " x " + height + " flow needs " + width * height
                    + " vectors");
        }
        return new FlowField(width, height, u, v);
    }

    /** No motion anywhere. */
    public static FlowField zero(int width, int height) {
        return wrap(width, height, new float[width * height], new float[width * height]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public float u(int x, int y) {
        return u[y * width + x];
    }

    public float v(int x, int y) {
        return v[y * width + x];
    }

    /** The horizontal components (row-major); treat as read-only. */
    float[] us() {
        return u;
    }

    /** The vertical components (row-major); treat as read-only. */
    float[] vs() {
        return v;
    }

    /** The horizontal component at a real position (bilinear, border repeated). */
    public float sampleU(float x, float y) {
        return Bilinear.sample(u, width, height, x, y);
    }

    /** The vertical component at a real position (bilinear, border repeated). */
    public float sampleV(float x, float y) {
        return Bilinear.sample(v, width, height, x, y);
    }

    /**
     * The same motion on a {@code newWidth x newHeight} grid whose pixel centres map to this one's by
     * {@code x_here = (x + 0.5) / scaleX - 0.5} (and likewise vertically); vectors are scaled with the grid.
     */
    FlowField resampled(int newWidth, int newHeight, double scaleX, double scaleY) {
        float[] newU = new float[newWidth * newHeight];
        float[] newV = new float[newWidth * newHeight];
        // Rows in parallel: a fifth of a frame pair's flow time went here on one core (JFR, 640 x 480).
        IntStream.range(0, newHeight).parallel().forEach(y -> {
            float sourceY = (float) ((y + 0.5) / scaleY - 0.5);
            for (int x = 0; x < newWidth; x++) {
                float sourceX = (float) ((x + 0.5) / scaleX - 0.5);
                newU[y * newWidth + x] = (float) (scaleX * sampleU(sourceX, sourceY));
                newV[y * newWidth + x] = (float) (scaleY * sampleV(sourceX, sourceY));
            }
        });
        return new FlowField(newWidth, newHeight, newU, newV);
    }

    /** This motion on a grid of another size (a frame resized), vectors scaled with it. */
    public FlowField resized(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        return resampled(newWidth, newHeight, (double) newWidth / width, (double) newHeight / height);
    }

    /**
     * Mean end-point error against a reference flow of the same size: the mean distance between the
     * two vectors, over pixels at least {@code margin} pixels inside the border.
     */
    public double endPointError(FlowField reference, int margin) {
        if (reference.width != width || reference.height != height) {
            throw new IllegalArgumentException("flows of different sizes: " + width + "x" + height + " and "
                    + reference.width + "x" + reference.height);
        }
        double sum = 0;
        long count = 0;
        for (int y = margin; y < height - margin; y++) {
            for (int x = margin; x < width - margin; x++) {
                int i = y * width + x;
                double du = u[i] - reference.u[i];
                double dv = v[i] - reference.v[i];
                sum += Math.sqrt(du * du + dv * dv);
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("a margin of " + margin + " leaves no pixel of a " + width + "x"
                    + height + " flow");
        }
        return sum / count;
    }
}
