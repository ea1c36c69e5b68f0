package dev.atelier.method.gatys;

import java.util.List;
import java.util.Optional;

/**
 * How large a photo must be for the optimisation: the one place this rule is written, for the entry
 * point's checks before any work and for the stylizer's own guard.
 */
final class GatysSizes {
    private GatysSizes() {}

    /**
     * Why a photo of this size (the result's size) cannot be optimised with these options, in words
     * that name the size needed; empty when it can. VGG halves the image before each block, so the
     * deepest layer used needs the image to be at least 2^k pixels across after k halvings, at every
     * scale of the plan for this photo (the coarsest is smallest; the automatic plan stops halving
     * before a narrow photo gets too thin; tiles are never smaller than their scale's image or the
     * tile size).
     */
    static Optional<String> photoProblem(GatysOptions options, int width, int height) {
        int needed = options.minimumSide();
        List<ScalePlan.Scale> scales = options.toBuilder().optSize(Math.max(width, height)).build()
                .scalePlan(width, height).scales();
        ScalePlan.Scale coarsest = scales.get(0);
        int longest = Math.max(width, height);
        int shortest = Math.min(width, height);
        int shortHere = (int) Math.round((double) shortest * coarsest.longestSide() / longest);
        if (shortHere >= needed) {
            return Optional.empty();
        }
        int requiredShort = (int) Math.ceil((double) needed * longest / coarsest.longestSide());
        return Optional.of("at " + coarsest.longestSide() + " px, the " + (scales.size() > 1 ? "coarsest of "
                + scales.size() + " scales" : "only scale") + ", it is " + shortHere + " px across, but layer "
                + options.deepestLayer() + " needs " + needed + "; its short side must be at least " + requiredShort
                + " px at this size");
    }
}
