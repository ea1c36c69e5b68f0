package dev.atelier.video;

import dev.atelier.InvalidOptionException;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;

/**
 * How a clip is repainted beyond the method's own options: how strongly frames hold together, how the
 * result is encoded, and the limits a clip must fit. Built DJL-style; {@link #SCHEMA} describes every
 * option once, for the command line and the studio.
 *
 * @param temporalWeight how strongly each frame holds to the previous result where the optical flow is
 *     reliable, from 0 (frame by frame) to 0.95: for methods that repaint in one pass, the share of the
 *     previous result (warped) blended in; for the optimisation, Ruder et al.'s temporal loss weight
 *     {@code γ = } {@value #OPTIMISATION_SCALE}{@code · w / (1 − w)} (a quadratic objective with that
 *     term keeps the same share of the previous result)
 * @param crf the encoder's constant rate factor (quality: lower is better and larger): H.264 0–51,
 *     VP9 0–63; {@code null} for the codec's default (18 and 31)
 * @param maxFrames most frames a clip may have
 * @param maxSeconds longest clip, in seconds; 0 for no limit
 * @param comparePerFrame also repaint every frame on its own and report its warping error beside the
 *     stabilised one (free for one-pass methods, whose frame-by-frame result is made anyway; a second
 *     optimisation per frame for gatys)
 * @param frameRate frames per second of a clip made from a folder of pictures
 * @param parallelFrames how many frames a one-pass method paints at once, each on its own copy of the
 *     networks with its share of the cores (more frames a second, more memory); 0 chooses
 *     ({@link FrameStreams#count})
 */
public record VideoOptions(double temporalWeight, Integer crf, int maxFrames, double maxSeconds,
        boolean comparePerFrame, double frameRate, int parallelFrames) {
    /** The most frames painted at once. */
    public static final int MAXIMUM_PARALLEL_FRAMES = 8;

    /** Largest temporal weight: at 1 a frame would never change again. */
    public static final double MAXIMUM_TEMPORAL_WEIGHT = 0.95;
    /**
     * The optimisation's temporal loss weight at a temporal weight of 0.5: the term's weight that,
     * with the relative loss scaling's content and style weights, keeps about as much of the previous
     * frame as the one-pass blend does (measured on the known-motion clip, BENCHMARKS.md).
     */
    public static final double OPTIMISATION_SCALE = 100;

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, VideoOptions> SCHEMA = OptionSchema.of(VideoOptions::builder,
                    Builder::build)
            .add("temporal-weight", "W", "How strongly each frame holds to the previous result where the motion is "
                    + "known: 0 repaints frame by frame (flickers), up to 0.95.", ValueTypes.number(),
                    Builder::optTemporalWeight, VideoOptions::temporalWeight).main().range(0, MAXIMUM_TEMPORAL_WEIGHT)
            .add("crf", "N", "Video quality (constant rate factor; lower is better and larger): H.264 0-51, VP9 0-63.",
                    ValueTypes.optionalInteger(), Builder::optCrf, VideoOptions::crf)
                    .defaultText("18 for H.264, 31 for VP9")
            .add("max-frames", "N", "Refuse clips with more frames than this.", ValueTypes.integer(),
                    Builder::optMaxFrames, VideoOptions::maxFrames)
            .add("max-seconds", "S", "Refuse clips longer than this many seconds; 0 for no limit.", ValueTypes.number(),
                    Builder::optMaxSeconds, VideoOptions::maxSeconds)
            .add("compare-per-frame", "", "Also measure the frame-by-frame result's warping error (gatys: a second "
                    + "optimisation per frame).", ValueTypes.bool(), Builder::optComparePerFrame,
                    VideoOptions::comparePerFrame)
            .add("frame-rate", "FPS", "Frames per second of a clip made from a folder of pictures.", ValueTypes.number(),
                    Builder::optFrameRate, VideoOptions::frameRate)
            .add("parallel-frames", "N", "Frames a one-pass method paints at once, each on its own copy of the "
                    + "networks and its share of the cores: more frames a second for more memory. 0 chooses: 2 on a "
                    + "CPU with two cores or more when a third of the available memory holds 10 kB a pixel (3 GB "
                    + "at 640x480), else 1.", ValueTypes.integer(),
                    Builder::optParallelFrames, VideoOptions::parallelFrames).range(0, MAXIMUM_PARALLEL_FRAMES)
            .done();

    public static VideoOptions defaults() {
        return SCHEMA.defaults();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The optimisation's temporal loss weight γ for this temporal weight. */
    public double optimisationWeight() {
        return OPTIMISATION_SCALE * temporalWeight / (1 - temporalWeight);
    }

    /** Builder in DJL's style: {@code optX} setters with defaults, checked by {@link #build()}. */
    public static final class Builder {
        private double temporalWeight = 0.6;
        private Integer crf;
        // Eleven minutes at 30 frames per second.
        private int maxFrames = 20_000;
        private double maxSeconds = 0;
        private boolean comparePerFrame;
        private double frameRate = 25;
        private int parallelFrames;

        private Builder() {}

        public Builder optTemporalWeight(double value) {
            temporalWeight = value;
            return this;
        }

        public Builder optCrf(Integer value) {
            crf = value;
            return this;
        }

        public Builder optMaxFrames(int value) {
            maxFrames = value;
            return this;
        }

        public Builder optMaxSeconds(double value) {
            maxSeconds = value;
            return this;
        }

        public Builder optComparePerFrame(boolean value) {
            comparePerFrame = value;
            return this;
        }

        public Builder optFrameRate(double value) {
            frameRate = value;
            return this;
        }

        public Builder optParallelFrames(int value) {
            parallelFrames = value;
            return this;
        }

        public VideoOptions build() {
            if (!(temporalWeight >= 0 && temporalWeight <= MAXIMUM_TEMPORAL_WEIGHT)) {
                throw new InvalidOptionException("temporal-weight", "must be between 0 and " + MAXIMUM_TEMPORAL_WEIGHT
                        + ", got " + temporalWeight);
            }
            if (crf != null && (crf < 0 || crf > 63)) {
                throw new InvalidOptionException("crf", "must be between 0 and 63, got " + crf);
            }
            if (maxFrames < 1) {
                throw new InvalidOptionException("max-frames", "must be at least 1, got " + maxFrames);
            }
            if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
                throw new InvalidOptionException("max-seconds", "must be 0 (no limit) or more, got " + maxSeconds);
            }
            if (!(frameRate > 0 && frameRate <= 1000)) {
                throw new InvalidOptionException("frame-rate", "must be above 0 and at most 1000, got " + frameRate);
            }
            if (parallelFrames < 0 || parallelFrames > MAXIMUM_PARALLEL_FRAMES) {
                throw new InvalidOptionException("parallel-frames", "must be between 0 (choose) and "
                        + MAXIMUM_PARALLEL_FRAMES + ", got " + parallelFrames);
            }
            return new VideoOptions(temporalWeight, crf, maxFrames, maxSeconds, comparePerFrame, frameRate,
                    parallelFrames);
        }
    }
}
