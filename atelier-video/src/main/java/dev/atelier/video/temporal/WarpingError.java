package dev.atelier.video.temporal;

import dev.atelier.io.RgbImage;

/**
 * The warping error of Lai et al. ("Learning Blind Video Temporal Consistency", ECCV 2018):
 * how much a result frame differs from the previous result frame brought into it by the flow, over
 * the pixels where the flow is reliable: the mean squared difference over those pixels and the three
 * channels (samples in [0, 1]), {@code Σ c(x)·|O_t(x) − Ô_{t−1}(x)|² / (3 Σ c(x))}, averaged over a
 * clip's frame pairs, as their evaluate_WarpError.py computes it (its mask has three channels).
 * Lai et al. measure the flow on the input frames (FlowNet2, with Ruder et al.'s occlusion check) and
 * warp frame t back into t − 1; here the same DIS flow and check that stabilise the clip measure it,
 * bringing frame t − 1 into t, for the frame-by-frame results and the stabilised ones alike.
 */
public final class WarpingError {
    private WarpingError() {}

    /** One frame pair's error; {@code NaN} when no pixel is reliable. */
    public static double of(RgbImage result, RgbImage warpedPrevious, float[] reliable) {
        int area = result.pixelCount();
        float[] now = result.sharedPlanes();
        float[] before = warpedPrevious.sharedPlanes();
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < area; i++) {
            float weight = reliable[i];
            if (weight == 0) {
                continue;
            }
            double distance = 0;
            for (int channel = 0; channel < 3; channel++) {
                double difference = now[channel * area + i] - before[channel * area + i];
                distance += difference * difference;
            }
            sum += weight * distance;
            weights += weight;
        }
        return weights == 0 ? Double.NaN : sum / (3 * weights);
    }

    /** A clip's running mean over frame pairs (pairs with no reliable pixel are left out). */
    public static final class Mean {
        private double sum;
        private long pairs;

        public Mean() {}

        public Mean(double sum, long pairs) {
            this.sum = sum;
            this.pairs = pairs;
        }

        public void add(double error) {
            if (Double.isFinite(error)) {
                sum += error;
                pairs++;
            }
        }

        /** The mean; {@code NaN} before any pair. */
        public double value() {
            return pairs == 0 ? Double.NaN : sum / pairs;
        }

        public double sum() {
            return sum;
        }

        public long pairs() {
            return pairs;
        }
    }
}
