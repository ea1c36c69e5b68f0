package dev.atelier.video.flow;

import java.util.stream.IntStream;

/**
 * Where a flow can be trusted, as Ruder, Dosovitskiy and Brox define it ("Artistic style transfer for
 * videos", GCPR 2016, and their consistencyChecker program): a pixel of frame t is unreliable
 * <ul>
 *   <li>when it is occluded in frame t − 1: going back by the backward flow ŵ and forth by the
 *       forward flow w̃ sampled there does not return, {@code |w̃ + ŵ|² ≥ 0.01 (|w̃|² + |ŵ|²) + 0.5};</li>
 *   <li>on a motion boundary: {@code |∇û|² + |∇v̂|² > 0.01 |ŵ|² + 0.002};</li>
 *   <li>when ŵ leads outside frame t − 1.</li>
 * </ul>
 * The thresholds are in pixels of the frames the flows were measured on.
 */
public final class Reliability {
    private Reliability() {}

    /**
     * One weight per pixel of frame t, 1 where reliable and 0 where not.
     *
     * @param backward the flow from frame t to frame t − 1
     * @param forward the flow from frame t − 1 to frame t
     */
    public static float[] of(FlowField backward, FlowField forward) {
        int width = backward.width();
        int height = backward.height();
        if (forward.width() != width || forward.height() != height) {
            throw new IllegalArgumentException("flows of different sizes");
        }
        float[] bu = backward.us();
        float[] bv = backward.vs();
        float[] mask = new float[width * height];
        IntStream.range(0, height).parallel().forEach(y -> {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                float u = bu[i];
                float v = bv[i];
                float backX = x + u;
                float backY = y + v;
                if (backX < 0 || backX > width - 1 || backY < 0 || backY > height - 1) {
                    continue;
                }
                float forwardU = forward.sampleU(backX, backY);
                float forwardV = forward.sampleV(backX, backY);
                float sumU = forwardU + u;
                float sumV = forwardV + v;
                if (sumU * sumU + sumV * sumV
                        >= 0.01f * (forwardU * forwardU + forwardV * forwardV + u * u + v * v) + 0.5f) {
                    continue;
                }
                // Central differences of the backward flow, as the consistency checker's gradient.
                int left = y * width + Math.max(x - 1, 0);
                int right = y * width + Math.min(x + 1, width - 1);
                int up = Math.max(y - 1, 0) * width + x;
                int down = Math.min(y + 1, height - 1) * width + x;
                float dux = (bu[right] - bu[left]) / 2;
                float duy = (bu[down] - bu[up]) / 2;
                float dvx = (bv[right] - bv[left]) / 2;
                float dvy = (bv[down] - bv[up]) / 2;
                if (dux * dux + duy * duy + dvx * dvx + dvy * dvy > 0.01f * (u * u + v * v) + 0.002f) {
                    continue;
                }
                mask[i] = 1;
            }
        });
        return mask;
    }

    /** The share of reliable pixels, 0 to 1. */
    public static double fraction(float[] mask) {
        double sum = 0;
        for (float value : mask) {
            sum += value;
        }
        return mask.length == 0 ? 0 : sum / mask.length;
    }
}
