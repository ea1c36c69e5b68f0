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
import java.util.stream.IntStream;

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
        if (!iterates) {
            return paint(frame, stylist.stylize(frame, styles, controls(item, null, null, cancellation, listener)));
        }
        GrayImage gray = GrayImage.of(frame);
        Motion motion = previousGray == null ? null : Motion.between(previousGray, gray, flow);
        Warped previous = null;
        Stylized made;
        if (holds(motion)) {
            previous = Warped.of(motion, previousResult, frame.width(), frame.height());
            made = stylist.stylize(frame, styles, controls(item, previous.picture(),
                    TemporalTarget.of(previous.picture(), previous.motion().reliable(),
                            options.optimisationWeight()), cancellation, listener));
        } else {
            made = stylist.stylize(frame, styles, controls(item, null, null, cancellation, listener));
        }
        if (made.cancelled()) {
            return null;
        }
        RgbImage result = made.image();
        RgbImage frameByFrame = null;
        if (options.comparePerFrame()) {
            if (holds(motion)) {
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
        return measured(gray, motion, previous, result, frameByFrame);
    }

    /**
     * Holds a one-pass method's result for the next frame to the previous result: the frame-by-frame
     * result made elsewhere (ahead of time, on another thread: it depends on its frame alone).
     *
     * @param frame the frame, at the method's size
     * @param alone the method's result for it
     * @return the outcome, or {@code null} when the method was cancelled before finishing it
     */
    public Painted paint(RgbImage frame, Stylized alone) {
        if (iterates) {
            throw new IllegalStateException("an optimisation's frame starts from the previous result: paint it here");
        }
        if (alone.cancelled()) {
            return null;
        }
        GrayImage gray = GrayImage.of(frame);
        Motion motion = previousGray == null ? null : Motion.between(previousGray, gray, flow);
        RgbImage frameByFrame = alone.image();
        RgbImage result = frameByFrame;
        // The previous result brought into this frame: what the result holds to and what its warping
        // error is measured against, warped once (3 ms at 640 x 480).
        Warped previous = null;
        if (holds(motion)) {
            previous = Warped.of(motion, previousResult, result.width(), result.height());
            result = TemporalBlend.blend(result, previous.picture(), previous.motion().reliable(),
                    options.temporalWeight());
        }
        return measured(gray, motion, previous, result, frameByFrame);
    }

    /** The results rounded to 8 bits, their warping errors, and this frame kept as the previous one. */
    private Painted measured(GrayImage gray, Motion motion, Warped warped, RgbImage made, RgbImage madeAlone) {
        RgbImage result = quantised(made);
        RgbImage frameByFrame = madeAlone == null ? null : quantised(madeAlone);
        Warped previous = warped;
        double stabilisedError = Double.NaN;
        double frameByFrameError = Double.NaN;
        if (motion != null && !motion.cut()) {
            if (previous == null || !previous.fits(result)) {
                previous = Warped.of(motion, previousResult, result.width(), result.height());
            }
            Motion here = previous.motion();
            stabilisedError = WarpingError.of(result, previous.picture(), here.reliable());
            if (frameByFrame != null && previousFrameByFrame != null) {
                frameByFrameError = WarpingError.of(frameByFrame, here.warp(previousFrameByFrame), here.reliable());
            }
        }
        previousGray = gray;
        previousResult = result;
        previousFrameByFrame = frameByFrame;
        return new Painted(result, frameByFrame, motion, stabilisedError, frameByFrameError);
    }

    /** Whether this frame holds to the previous result: it follows it (no cut) and the weight is on. */
    private boolean holds(Motion motion) {
        return motion != null && !motion.cut() && options.temporalWeight() > 0;
    }

    /** A picture brought along a motion, with the motion at the picture's size. */
    private record Warped(Motion motion, RgbImage picture) {
        static Warped of(Motion motion, RgbImage picture, int width, int height) {
            Motion here = motion.at(width, height);
            return new Warped(here, here.warp(picture));
        }

        boolean fits(RgbImage image) {
            return image.width() == picture.width() && image.height() == picture.height();
        }
    }

    private StylizeControls controls(String item, RgbImage start, TemporalTarget temporal, Cancellation cancellation,
            RunListener listener) {
        return StylizeControls.builder().optItem(item).optCancellation(cancellation).optInitImage(start)
                .optTemporal(temporal).optListener(listener).build();
    }

    /** Samples per task when {@link #quantised} splits a frame between the cores. */
    private static final int QUANTISE_CHUNK = 1 << 16;
    /** The 256 values an 8-bit sample stands for, {@code k / 255f}. */
    private static final float[] EIGHT_BIT = new float[256];

    static {
        for (int k = 0; k < 256; k++) {
            EIGHT_BIT[k] = k / 255f;
        }
    }

    /**
     * Samples rounded to the 8 bits the clip stores: what the next frame holds to, resumed or not.
     * {@code Math.round} of the clamped sample times 255, divided by 255, exactly; computed as
     * {@code (int) (y + 0.5)} in double (exact for a float below 256, and faster) and
     * split between the cores: it runs twice a frame, and took 6 ms each time at 640 x 480, 2.5 ms now.
     */
    static RgbImage quantised(RgbImage image) {
        float[] samples = image.sharedPlanes();
        float[] rounded = new float[samples.length];
        IntStream.range(0, (samples.length + QUANTISE_CHUNK - 1) / QUANTISE_CHUNK).parallel().forEach(chunk -> {
            int end = Math.min(samples.length, (chunk + 1) * QUANTISE_CHUNK);
            for (int i = chunk * QUANTISE_CHUNK; i < end; i++) {
                float value = samples[i];
                // NaN and below zero fail the first test and become 0.
                rounded[i] = !(value > 0) ? 0 : value >= 1 ? 1 : EIGHT_BIT[(int) (value * 255f + 0.5d)];
            }
        });
        return RgbImage.wrap(image.width(), image.height(), rounded);
    }
}
