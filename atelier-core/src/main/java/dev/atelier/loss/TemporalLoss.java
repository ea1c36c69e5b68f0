package dev.atelier.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.RgbImage;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import java.util.Map;
import java.util.Set;

/**
 * The short-term temporal loss of Ruder, Dosovitskiy and Brox ("Artistic style transfer for videos",
 * GCPR 2016): {@code (1/D) Σ c ⊙ (x − ω)²}, the mean over the D samples of the image of the
 * squared difference to the previous frame's result warped into this frame (ω), weighted per sample
 * by how far the flow can be trusted there (c). Departure from the paper: the image is compared in RGB
 * on a 0–1 scale (the paper's Caffe images are 0–255), so its weight is 255² times smaller for the
 * same effect; the network's normalised input is turned back into RGB inside the term, so the
 * gradient reaches the optimised image through it.
 */
public final class TemporalLoss implements LossTerm {
    private final NDManager manager;
    private final NDArray target;
    private final NDArray weights;

    /**
     * @param target ω, the size of the image optimised
     * @param weights c, per sample, the same size
     */
    public TemporalLoss(RgbImage target, RgbImage weights, NDManager parent) {
        if (target.width() != weights.width() || target.height() != weights.height()) {
            throw new IllegalArgumentException("a " + target.width() + "x" + target.height() + " target with "
                    + weights.width() + "x" + weights.height() + " weights");
        }
        this.manager = parent.newSubManager();
        this.target = ImageTensors.toTensor(manager, target);
        this.weights = ImageTensors.toTensor(manager, weights);
    }

    /** {@code mean(weights ⊙ (rgb − target)²)} for equally shaped tensors. */
    public static NDArray between(NDArray rgb, NDArray target, NDArray weights) {
        return rgb.sub(target).square().mul(weights).mean();
    }

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray image) {
        return between(ImageNetNormalization.denormalize(image), target, weights);
    }

    @Override
    public void close() {
        manager.close();
    }
}
