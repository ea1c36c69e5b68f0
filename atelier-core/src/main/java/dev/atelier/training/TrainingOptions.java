package dev.atelier.training;

import dev.atelier.InvalidOptionException;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;

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

    /**
     * The options every training shares, for a training method's own schema to include (with its
     * own defaults, which differ between methods).
     */
    public static final OptionSchema<Builder, TrainingOptions> SCHEMA = OptionSchema.of(
                    () -> builder(new TrainingOptions(1, 1, 16, 16, 1e-3, 0, 0, 0, 1, 0, 0, true, 0)), Builder::build)
            .add("steps", "N", "Training steps in all (may grow when resuming).", ValueTypes.integer(),
                    Builder::optSteps, TrainingOptions::steps).main()
            .add("batch-size", "N", "Training examples per step.", ValueTypes.integer(), Builder::optBatchSize,
                    TrainingOptions::batchSize)
            .add("image-size", "PIXELS", "Side of the square training crops.", ValueTypes.integer(),
                    Builder::optImageSize, TrainingOptions::imageSize)
            .add("resize", "PIXELS", "Shorter side images are scaled to before cropping (raised to the crop size).",
                    ValueTypes.integer(), Builder::optResizeSize, TrainingOptions::resizeSize)
            .add("lr", "RATE", "Adam's learning rate.", ValueTypes.number(), Builder::optLearningRate,
                    TrainingOptions::learningRate)
            .add("lr-decay", "D", "Inverse-time decay: the rate at step t is lr / (1 + D*t).", ValueTypes.number(),
                    Builder::optLearningRateDecay, TrainingOptions::learningRateDecay)
            .add("validation-fraction", "F", "Share of the training images held out for validation (0: none).",
                    ValueTypes.number(), Builder::optValidationFraction, TrainingOptions::validationFraction)
            .add("validation-images", "N", "At most this many held-out images.", ValueTypes.integer(),
                    Builder::optMaximumValidationImages, TrainingOptions::maximumValidationImages)
            .add("validate-every", "N", "Steps between validations.", ValueTypes.integer(), Builder::optValidateEvery,
                    TrainingOptions::validateEvery)
            .add("patience", "N", "Stop after this many validations without improvement (0: never stop early).",
                    ValueTypes.integer(), Builder::optPatience, TrainingOptions::patience)
            .add("checkpoint-every", "N", "Steps between checkpoints (0: only at the end and when stopped).",
                    ValueTypes.integer(), Builder::optCheckpointEvery, TrainingOptions::checkpointEvery)
            .add("augment", "", "Random crops and flips (false: centre crops).", ValueTypes.bool(),
                    Builder::optAugment, TrainingOptions::augment)
            .add("seed", "N", "Seeds the split, the order, the crops, the initial weights and any random network.",
                    ValueTypes.longInteger(), Builder::optSeed, TrainingOptions::seed)
            .done();

    /** A builder starting from a method's defaults. */
    public static Builder builder(TrainingOptions defaults) {
        return new Builder(defaults);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private int steps;
        private int batchSize;
        private int imageSize;
        private int resizeSize;
        private double learningRate;
        private double learningRateDecay;
        private double validationFraction;
        private int maximumValidationImages;
        private int validateEvery;
        private int patience;
        private int checkpointEvery;
        private boolean augment;
        private long seed;

        private Builder(TrainingOptions from) {
            steps = from.steps;
            batchSize = from.batchSize;
            imageSize = from.imageSize;
            resizeSize = from.resizeSize;
            learningRate = from.learningRate;
            learningRateDecay = from.learningRateDecay;
            validationFraction = from.validationFraction;
            maximumValidationImages = from.maximumValidationImages;
            validateEvery = from.validateEvery;
            patience = from.patience;
            checkpointEvery = from.checkpointEvery;
            augment = from.augment;
            seed = from.seed;
        }

        public Builder optSteps(int value) {
            steps = value;
            return this;
        }

        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder optImageSize(int value) {
            imageSize = value;
            return this;
        }

        public Builder optResizeSize(int value) {
            resizeSize = value;
            return this;
        }

        public Builder optLearningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder optLearningRateDecay(double value) {
            learningRateDecay = value;
            return this;
        }

        public Builder optValidationFraction(double value) {
            validationFraction = value;
            return this;
        }

        public Builder optMaximumValidationImages(int value) {
            maximumValidationImages = value;
            return this;
        }

        public Builder optValidateEvery(int value) {
            validateEvery = value;
            return this;
        }

        public Builder optPatience(int value) {
            patience = value;
            return this;
        }

        public Builder optCheckpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        public Builder optAugment(boolean value) {
            augment = value;
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        public void validate() {
            require("steps", steps >= 1, "must be at least 1, got " + steps);
            require("batch-size", batchSize >= 1 && batchSize <= 256, "must be between 1 and 256, got " + batchSize);
            require("image-size", imageSize >= 16 && imageSize <= 4096, "must be between 16 and 4096, got "
                    + imageSize);
            require("resize", resizeSize >= 1 && resizeSize <= 8192, "must be between 1 and 8192, got " + resizeSize);
            require("lr", learningRate > 0 && Double.isFinite(learningRate), "must be positive, got " + learningRate);
            require("lr-decay", learningRateDecay >= 0 && Double.isFinite(learningRateDecay),
                    "must be >= 0, got " + learningRateDecay);
            require("validation-fraction", validationFraction >= 0 && validationFraction < 1,
                    "must be in [0, 1), got " + validationFraction);
            require("validation-images", maximumValidationImages >= 0, "must be >= 0, got "
                    + maximumValidationImages);
            require("validate-every", validateEvery >= 1, "must be at least 1, got " + validateEvery);
            require("patience", patience >= 0, "must be >= 0, got " + patience);
            require("checkpoint-every", checkpointEvery >= 0, "must be >= 0, got " + checkpointEvery);
        }

        private static void require(String key, boolean condition, String problem) {
            if (!condition) {
                throw new InvalidOptionException(key, problem);
            }
        }

        /** The options; a resize below the crop size is raised to it, since crops cannot exceed the image. */
        public TrainingOptions build() {
            validate();
            return new TrainingOptions(steps, batchSize, imageSize, Math.max(imageSize, resizeSize), learningRate,
                    learningRateDecay, validationFraction, maximumValidationImages, validateEvery, patience,
                    checkpointEvery, augment, seed);
        }
    }

    /** The learning rate at a step, after decay. */
    public double learningRateAt(long step) {
        return learningRate / (1 + learningRateDecay * step);
    }
}
