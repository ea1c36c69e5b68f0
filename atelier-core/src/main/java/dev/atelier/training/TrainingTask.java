package dev.atelier.training;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a {@link TrainingLoop} trains: a network's parameters and the loss of a batch. The
 * feed-forward and AdaIN trainers each provide one; the loop supplies the habits they share.
 */
public interface TrainingTask extends AutoCloseable {

    /** Trainable parameters by name, in a fixed order; each requires a gradient. */
    Map<String, NDArray> parameters();

    /**
     * The loss of a batch of (N, 3, H, W) RGB in [0, 1]; attached to the batch's manager.
     *
     * @param content a batch of photos
     * @param style an equally sized batch of paintings, for methods trained on many styles; else {@code null}
     * @return the weighted total and each weighted term
     */
    BatchLoss loss(NDArray content, NDArray style);

    /**
     * Called before each training step's {@link #loss}, with the step's number (0 first). A task
     * whose batches vary by step (which painting each photo is repainted in, for a network of
     * several) takes it from here, so a resumed run repeats what an uninterrupted one would do.
     */
    default void startStep(long step) {}

    /**
     * The loss of a validation batch, without gradients; the training loss by default. A task
     * trained on several paintings averages over them all, so validations stay comparable.
     */
    default BatchLoss validationLoss(NDArray content, NDArray style) {
        return loss(content, style);
    }

    /** A batch's loss: the total and its weighted terms by name. */
    record BatchLoss(NDArray total, Map<String, NDArray> terms) {}

    @Override
    void close();
}
