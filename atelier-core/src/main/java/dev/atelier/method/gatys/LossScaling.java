package dev.atelier.method.gatys;

/**
 * How the loss terms are scaled, which decides what a content or style weight means.
 *
 * <p>The documents' formulation ties the weights to the network's activation scale: β = 1e6 was
 * tuned for torchvision's VGG-19, paints the photo away on the normalised VGG-19 (whose activations
 * are of order 1), and leaves little style on a random one. {@link #RELATIVE} divides each term by
 * its target's own magnitude, so the terms are relative errors and one strength means the same on
 * every backbone.
 */
public enum LossScaling {
    /**
     * Content: each layer's mean squared feature difference divided by the photo's feature variation
     * there (mean square about each channel's mean; see {@link dev.atelier.loss.ContentLoss}). Style:
     * each layer's squared distance between normalised Gram matrices divided by the mean square of
     * the painting's normalised Gram matrix. Both terms are unchanged when a network's filters are
     * scaled, and β = 1 gives a balanced picture on the normalised VGG-19 and the random ones alike
     * (the grid in BENCHMARKS.md).
     */
    RELATIVE,
    /**
     * The founding documents exactly: content is the mean squared feature difference; each style
     * layer adds {@code w·mean((G−A)²)/(C·H·W)} with unnormalised Gram matrices; α = 1, β = 1e6.
     */
    DOCUMENTS
}
