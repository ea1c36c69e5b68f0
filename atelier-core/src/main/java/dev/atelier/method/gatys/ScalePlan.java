package dev.atelier.method.gatys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sizes an image is optimised at, coarse to fine, and the iterations spent at each. Each scale
 * starts from the previous scale's result, upsampled, so large-scale structure forms where an
 * iteration costs a fraction of one at full size (as crowsonkb/style-transfer-pytorch does).
 */
public record ScalePlan(List<Scale> scales) {

    /** Smallest side the automatic plan goes down to: below it VGG's deep layers see too little. */
    public static final int MINIMUM_AUTOMATIC_SIZE = 128;

    /** One scale: the longest side of the image there and the iterations run at it. */
    public record Scale(int longestSide, int iterations) {}

    public ScalePlan {
        scales = Collections.unmodifiableList(new ArrayList<>(scales));
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("a scale plan needs at least one scale");
        }
    }

    /**
     * Sizes halving from {@code finalSize}, {@code count} of them ({@code 0}: as many as keep the
     * coarsest at least {@link #MINIMUM_AUTOMATIC_SIZE}), with {@code iterations} split among them so
     * that each coarser scale gets twice the iterations of the next finer one: an iteration there
     * costs a quarter as much.
     */
    public static ScalePlan halving(int finalSize, int count, int iterations) {
        return halving(finalSize, count, iterations, 1.0, 1);
    }

    /**
     * As {@link #halving(int, int, int)} for a photo whose short side is {@code shortToLong} of its
     * long side: an automatic count also stops halving before the short side would fall below
     * {@code minimumSide} pixels, which the network's deepest layer needs.
     */
    public static ScalePlan halving(int finalSize, int count, int iterations, double shortToLong, int minimumSide) {
        int scaleCount = count > 0 ? count : automaticCount(finalSize, shortToLong, minimumSide);
        List<Scale> scales = new ArrayList<>();
        // Shares 2^(n-1) : … : 2 : 1 from coarsest to finest, rounded so they sum to the total.
        double shareTotal = Math.pow(2, scaleCount) - 1;
        int assigned = 0;
        for (int index = 0; index < scaleCount; index++) {
            int size = Math.max(16, (int) Math.round(finalSize / Math.pow(2, scaleCount - 1 - index)));
            int iterationsHere = index == scaleCount - 1
                    ? iterations - assigned
                    : (int) Math.round(iterations * Math.pow(2, scaleCount - 1 - index) / shareTotal);
            assigned += iterationsHere;
            scales.add(new Scale(size, iterationsHere));
        }
        return new ScalePlan(scales);
    }

    /** Number of halvings from {@code finalSize} that stay at or above the minimum size, plus one. */
    public static int automaticCount(int finalSize) {
        return automaticCount(finalSize, 1.0, 1);
    }

    /** As {@link #automaticCount(int)}, also keeping the short side at least {@code minimumSide}. */
    public static int automaticCount(int finalSize, double shortToLong, int minimumSide) {
        int count = 1;
        int size = finalSize;
        while (size / 2 >= MINIMUM_AUTOMATIC_SIZE && Math.round(size / 2 * shortToLong) >= minimumSide) {
            size /= 2;
            count++;
        }
        return count;
    }

    public int totalIterations() {
        return scales.stream().mapToInt(Scale::iterations).sum();
    }
}
