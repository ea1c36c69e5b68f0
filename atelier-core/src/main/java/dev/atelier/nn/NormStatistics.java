package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the instance norms of a network take each channel's mean and variance from during one
 * forward pass. Instance normalisation (Ulyanov, Vedaldi and Lempitsky 2016) computes them over the
 * image being normalised ({@link #own()}). Run tile by tile, a network would normalise each tile by
 * its own statistics, and a tile of sky would come out in another tone than a tile of rooftops; so a
 * tiled run first records every norm's statistics on the whole picture ({@link #recording()}), scaled
 * down to fit in memory, then runs each tile with those ({@link #fixed(List)}). Networks call
 * {@link #instanceNorm} once per norm, in order.
 */
public final class NormStatistics {
    private final List<Moments> given;
    private final List<Moments> recorded;
    private int next;

    /** One norm's per-channel mean and population variance, as instance normalisation uses them. */
    public record Moments(float[] mean, float[] variance) {
        public Moments {
            if (mean.length != variance.length) {
                throw new IllegalArgumentException(mean.length + " means but " + variance.length + " variances");
            }
        }
    }

    private NormStatistics(List<Moments> given, List<Moments> recorded) {
        this.given = given;
        this.recorded = recorded;
    }

    /** Each norm normalises by the statistics of what it is given: plain instance normalisation. */
    public static NormStatistics own() {
        return new NormStatistics(null, null);
    }

    /** As {@link #own()}, and each norm's statistics are kept, in order (for a batch of one image). */
    public static NormStatistics recording() {
        return new NormStatistics(null, new ArrayList<>());
    }

    /** Each norm normalises by the statistics given for it, in order, whatever it is given. */
    public static NormStatistics fixed(List<Moments> moments) {
        return new NormStatistics(List.copyOf(moments), null);
    }

    /** Whether each norm normalises by the statistics of what it is given ({@link #own()}). */
    public boolean isOwn() {
        return given == null && recorded == null;
    }

    /** The statistics recorded so far, one per norm run. */
    public List<Moments> recorded() {
        if (recorded == null) {
            throw new IllegalStateException("these statistics were not recording");
        }
        return List.copyOf(recorded);
    }

    /**
     * Normalises each channel of {@code input} (N, C, H, W) by this pass's statistics for the next
     * norm, then scales and shifts it per channel.
     *
     * @param scale per-channel multiplier, shape (C)
     * @param shift per-channel offset, shape (C)
     */
    public NDArray instanceNorm(NDArray input, NDArray scale, NDArray shift, double epsilon) {
        int index = next++;
        if (given != null) {
            if (index >= given.size()) {
                throw new IllegalStateException("statistics were given for " + given.size() + " norms, norm "
                        + (index + 1) + " ran");
            }
            return normalize(input, given.get(index), scale, shift, epsilon);
        }
        if (recorded != null) {
            recorded.add(moments(input));
        }
        return Layers.instanceNorm(input, scale, shift, epsilon);
    }

    /** Each channel's mean and population variance over an image (N = 1). */
    static Moments moments(NDArray input) {
        Shape shape = input.getShape();
        if (shape.get(0) != 1) {
            throw new IllegalArgumentException("statistics are recorded for one image at a time, got " + shape);
        }
        NDArray flat = input.reshape(shape.get(1), shape.get(2) * shape.get(3));
        NDArray mean = flat.mean(new int[] {1}, true);
        // Centred first, as the fused kernel does, so a large mean does not swamp a small spread.
        NDArray variance = flat.sub(mean).square().mean(new int[] {1});
        return new Moments(mean.toFloatArray(), variance.toFloatArray());
    }

    private static NDArray normalize(NDArray input, Moments moments, NDArray scale, NDArray shift, double epsilon) {
        Shape shape = input.getShape();
        long channels = shape.get(1);
        if (moments.mean().length != channels) {
            throw new IllegalArgumentException("statistics for " + moments.mean().length + " channels, input has "
                    + channels);
        }
        NDManager manager = input.getManager();
        NDArray mean = HostArrays.of(manager, moments.mean(), new Shape(channels));
        NDArray variance = HostArrays.of(manager, moments.variance(), new Shape(channels));
        // Inference mode of the fused kernel: (x - mean) / sqrt(variance + epsilon) · scale + shift.
        return BatchNorm.batchNorm(input, mean, variance, scale, shift, 1, 0.1f, (float) epsilon, false)
                .singletonOrThrow();
    }
}
