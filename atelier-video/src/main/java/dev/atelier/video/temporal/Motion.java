package dev.atelier.video.temporal;

import dev.atelier.io.RgbImage;
import dev.atelier.video.flow.DisFlow;
import dev.atelier.video.flow.FlowField;
import dev.atelier.video.flow.FlowWarp;
import dev.atelier.video.flow.GrayImage;
import dev.atelier.video.flow.Reliability;

/**
 * How frame t moved from frame t − 1: the backward flow that brings t − 1's pictures into t, where it
 * can be trusted (Ruder et al.'s consistency check), and whether a scene cut lies between them.
 *
 * @param backward the flow from frame t to frame t − 1
 * @param reliable one weight per pixel of frame t: 1 where the flow is reliable, 0 where not
 * @param reliableShare the share of reliable pixels
 * @param cut whether so little of frame t is explained by frame t − 1 that it starts afresh
 */
public record Motion(FlowField backward, float[] reliable, double reliableShare, boolean cut) {
    /**
     * Below this share of reliable pixels a frame counts as a new shot: on a cut between two unrelated
     * shared photos 0.4 % of pixels pass the check at 320 x 240 (0.03 % at 640 x 480), while every
     * frame pair of the shared clips keeps at least 83 % (thanks.mkv and book.mkv at 320 x 240: means
     * 0.95 and 0.96, lowest 0.85 and 0.83); see MotionTest.
     */
    public static final double CUT_SHARE = 0.3;

    /** The motion between two frames of the same size, as the frames were prepared for the method. */
    public static Motion between(GrayImage previous, GrayImage current, DisFlow flow) {
        FlowField backward = flow.estimate(current, previous);
        FlowField forward = flow.estimate(previous, current);
        float[] reliable = Reliability.of(backward, forward);
        double share = Reliability.fraction(reliable);
        return new Motion(backward, reliable, share, share < CUT_SHARE);
    }

    /** This motion for pictures of another size (results a method made at its own size). */
    public Motion at(int width, int height) {
        if (width == backward.width() && height == backward.height()) {
            return this;
        }
        FlowField resized = backward.resized(width, height);
        float[] mask = new float[width * height];
        for (int y = 0; y < height; y++) {
            int sourceY = Math.min(backward.height() - 1, (int) ((y + 0.5) * backward.height() / height));
            for (int x = 0; x < width; x++) {
                int sourceX = Math.min(backward.width() - 1, (int) ((x + 0.5) * backward.width() / width));
                mask[y * width + x] = reliable[sourceY * backward.width() + sourceX];
            }
        }
        return new Motion(resized, mask, reliableShare, cut);
    }

    /** Frame t − 1's picture brought into frame t. */
    public RgbImage warp(RgbImage previous) {
        return FlowWarp.warp(previous, backward);
    }
}
