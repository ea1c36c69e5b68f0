package dev.atelier.training;

import dev.atelier.BadInputException;

/**
 * The settings every network training in Atelier shares: what the founding documents teach about
 * training (batches of augmented crops, a held-out validation split, early stopping on its loss,
 * checkpoints to resume from).
 *
 * @param steps most optimisation steps to run
 * @param batchSize images per step
 * @param imageSize side of the square training crops
 * @param resizeSize the photos' shorter side is scaled to this before cropping (at least {@code imageSize})
 * @param learningRate Adam's step size
 * @param learningRateDecay inverse-time decay: the rate at step t is {@code lr / (1 + decay·t)}
 * @param validationFraction share of the photos held out for validation
 * @param maximumValidationImages cap on the held-out photos, so validation stays quick
 * @param validateEvery steps between validations
 * @param patience validations without improvement before stopping early; 0 never stops early
 * @param checkpointEvery steps between checkpoints; 0 only at the end
 * @param augment random crops and horizontal flips (else centre crops)
 * @param seed seeds the split, the order, the crops and the initial weights
 */
public record TrainingOptions(int steps, int batchSize, int imageSize, int resizeSize, double learningRate,
        double learningRateDecay, double validationFraction, int maximumValidationImages, int validateEvery,
        int patience, int checkpointEvery, boolean augment, long seed) {

    public TrainingOptions {
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(batchSize >= 1 && batchSize <= 256, "batch size must be between 1 and 256, got " + batchSize);
        require(imageSize >= 16 && imageSize <= 4096, "image size must be between 16 and 4096, got " + imageSize);
        require(resizeSize >= imageSize && resizeSize <= 8192, "resize size must be between the crop size ("
                + imageSize + ") and 8192, got " + resizeSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive, got "
                + learningRate);
        require(learningRateDecay >= 0 && Double.isFinite(learningRateDecay),
                "learning rate decay must be >= 0, got " + learningRateDecay);
        require(validationFraction >= 0 && validationFraction < 1,
                "validation fraction must be in [0, 1), got " + validationFraction);
        require(maximumValidationImages >= 0, "validation image cap must be >= 0");
        require(validateEvery >= 1, "validate-every must be at least 1, got " + validateEvery);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(checkpointEvery >= 0, "checkpoint-every must be >= 0, got " + checkpointEvery);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new BadInputException(message);
        }
    }

    /** The learning rate at a step, after decay. */
    public double learningRateAt(long step) {
        return learningRate / (1 + learningRateDecay * step);
    }
}
