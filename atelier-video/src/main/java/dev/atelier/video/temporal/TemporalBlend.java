package dev.atelier.video.temporal;

import dev.atelier.io.RgbImage;

/**
 * Temporal consistency for methods that repaint a frame in one pass (feed-forward, AdaIN, Magenta):
 * each result is blended with the previous result brought along the flow,
 * {@code out = c·w·warped + (1 − c·w)·current}, where {@code c} is 1 where the flow is reliable and
 * {@code w} the temporal weight. Along a reliable trajectory this is an exponential moving average:
 * frame-to-frame noise of variance σ² in the per-frame results leaves a warping error of
 * {@code 2σ²(1 − w)²/(1 + w)} instead of {@code 2σ²} (a sixth at w = 0.5), while occluded and newly
 * visible pixels, where the flow knows nothing, are the method's own, and a change of the scene
 * fades in over a few frames ({@code w^n}) instead of smearing.
 *
 * <p>Why not Ruder et al.'s optimisation for these methods: it costs an optimisation per frame, the
 * very cost one-pass methods exist to avoid; and why not a stabilisation network (Chen et al. 2017,
 * Lai et al. 2018): it would have to be trained for every method and painting.
 */
public final class TemporalBlend {
    private TemporalBlend() {}

    /**
     * @param current this frame's result by the method alone
     * @param warped the previous frame's (blended) result brought into this frame
     * @param reliable one weight per pixel, 0 to 1
     * @param weight the temporal weight {@code w}, 0 to below 1
     */
    public static RgbImage blend(RgbImage current, RgbImage warped, float[] reliable, double weight) {
        int area = current.pixelCount();
        if (warped.width() != current.width() || warped.height() != current.height() || reliable.length != area) {
            throw new IllegalArgumentException("a " + current.width() + "x" + current.height() + " result, a "
                    + warped.width() + "x" + warped.height() + " warped one and " + reliable.length + " weights");
        }
        float[] now = current.sharedPlanes();
        float[] before = warped.sharedPlanes();
        float[] blended = new float[now.length];
        for (int i = 0; i < area; i++) {
            float keep = (float) (reliable[i] * weight);
            for (int channel = 0; channel < 3; channel++) {
                int at = channel * area + i;
                blended[at] = keep * before[at] + (1 - keep) * now[at];
            }
        }
        return RgbImage.wrap(current.width(), current.height(), blended);
    }
}
