package dev.atelier.video;

import dev.atelier.Cancellation;
import dev.atelier.api.Style;
import dev.atelier.api.Stylist;
import dev.atelier.api.StylizeControls;
import dev.atelier.api.Stylized;
import dev.atelier.io.RgbImage;
import dev.atelier.method.TemporalTarget;
import dev.atelier.progress.RunListener;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.flow.GrayImage;
import dev.atelier.video.temporal.Motion;
import dev.atelier.video.temporal.TemporalBlend;
import dev.atelier.video.temporal.WarpingError;
import java.util.List;

/**
 * The frames of one clip repainted in order, in memory, each held to the one before along the optical
 * flow: for one-pass methods the method's result blended with the previous result warped
 * ({@link TemporalBlend}); for the optimisation Ruder et al.'s scheme, the previous result warped as
 * the starting image and as the temporal loss's target where the flow is reliable. A scene cut starts
 * afresh. Each frame's warping error is measured for the stabilised result and, where it exists, the
 * frame-by-frame one. Results are rounded to 8 bits before the next frame holds to them, exactly as
 * the encoded clip and a resumed run see them.
 */
public final class FramePainter {
    private final Stylist stylist;
    private final List<Style> styles;
    private final VideoOptions options;
    private final boolean iterates;
    private final DisFlow flow;
    private GrayImage previousGray;
    private RgbImage previousResult;
    private RgbImage previousFrameByFrame;

    /**
     * @param iterates whether the stylist's method optimises (its result then starts from the
     *     previous one and a temporal loss holds it there)
     */
    public FramePainter(Stylist stylist, List<Style> styles, VideoOptions options, boolean iterates, DisFlow flow) {
        this.stylist = stylist;
        this.styles = List.copyOf(styles);
        this.options = options;
        this.iterates = iterates;
        this.flow = flow;
    }

    /**
     * One frame's outcome.
     *
     * @param result the stabilised result (8-bit values)
     * @param frameByFrame the method's result alone (one-pass methods always; the optimisation when
     *     comparing), or {@code null}
     * @param motion how the frame moved from the previous one, or {@code null} for the first
     * @param stabilisedError the warping error of {@code result} against the previous result
     *     ({@code NaN} for the first frame, after a cut, or with no reliable pixel)
     * @param frameByFrameError the same for {@code frameByFrame}
     */
    public record Painted(RgbImage result, RgbImage frameByFrame, Motion motion, double stabilisedError,
            double frameByFrameError) {}

    /** Continues after an interruption: the last finished frame (as prepared) and its results. */
    public void resumeAfter(RgbImage frame, RgbImage result, RgbImage frameByFrame) {
        previousGray = GrayImage.of(frame);
        previousResult = result;
        previousFrameByFrame = frameByFrame;
    }

    /**
     * Repaints the next frame, already at the method's size.
     *
     * @param item what progress events call it ({@code frame 3/51})
     * @param listener receives the method's events for this frame
     * @return the outcome, or {@code null} when cancelled before the frame was finished
     */
    public Painted paint(RgbImage frame, String item, Cancellation cancellation, RunListener listener) {
        GrayImage gray = GrayImage.of(frame);
        Motion motion = previousGray == null ? null : Motion.between(previousGray, gray, flow);
        boolean holds = motion != null && !motion.cut() && options.temporalWeight() > 0;
        RgbImage result;
        RgbImage frameByFrame = null;
        if (!iterates) {
            Stylized alone = stylist.stylize(frame, styles, controls(item, null, null, cancellation, listener));
            if (alone.cancelled()) {
                return null;
            }
            frameByFrame = alone.image();
            result = frameByFrame;
            if (holds) {
                Motion here = motion.at(result.width(), result.height());
                result = TemporalBlend.blend(result, here.warp(previousResult), here.reliable(),
                        options.temporalWeight());
            }
        } else {
            Stylized made;
            if (holds) {
                Motion here = motion.at(frame.width(), frame.height());
                RgbImage warped = here.warp(previousResult);
                made = stylist.stylize(frame, styles, controls(item, warped, TemporalTarget.of(warped,
                        here.reliable(), options.optimisationWeight()), cancellation, listener));
            } else {
                made = stylist.stylize(frame, styles, controls(item, null, null, cancellation, listener));
            }
            if (made.cancelled()) {
                return null;
            }
            result = made.image();
            if (options.comparePerFrame()) {
                if (holds) {
                    Stylized alone = stylist.stylize(frame, styles, controls(item + " (frame by frame)", null, null,
                            cancellation, listener));
                    if (alone.cancelled()) {
                        return null;
                    }
                    frameByFrame = alone.image();
                } else {
                    frameByFrame = result;
                }
            }
        }
        result = quantised(result);
        frameByFrame = frameByFrame == null ? null : quantised(frameByFrame);
        double stabilisedError = Double.NaN;
        double frameByFrameError = Double.NaN;
        if (motion != null && !motion.cut()) {
            Motion here = motion.at(result.width(), result.height());
            stabilisedError = WarpingError.of(result, here.warp(previousResult), here.reliable());
            if (frameByFrame != null && previousFrameByFrame != null) {
                frameByFrameError = WarpingError.of(frameByFrame, here.warp(previousFrameByFrame), here.reliable());
            }
        }
        previousGray = gray;
        previousResult = result;
        previousFrameByFrame = frameByFrame;
        return new Painted(result, frameByFrame, motion, stabilisedError, frameByFrameError);
    }

    private StylizeControls controls(String item, RgbImage start, TemporalTarget temporal, Cancellation cancellation,
            RunListener listener) {
        return StylizeControls.builder().optItem(item).optCancellation(cancellation).optInitImage(start)
                .optTemporal(temporal).optListener(listener).build();
    }

    /** Samples rounded to the 8 bits the clip stores: what the next frame holds to, resumed or not. */
    static RgbImage quantised(RgbImage image) {
        float[] planes = image.planes();
        for (int i = 0; i < planes.length; i++) {
            float value = planes[i];
            planes[i] = value != value ? 0 : Math.round(Math.min(1f, Math.max(0f, value)) * 255f) / 255f;
        }
        return RgbImage.wrap(image.width(), image.height(), planes);
    }
}
