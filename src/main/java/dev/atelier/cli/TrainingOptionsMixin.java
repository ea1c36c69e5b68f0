package dev.atelier.cli;

import dev.atelier.io.ReadOptions;
import dev.atelier.training.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every training command shares, declared once with the same names; each command
 * passes its method's defaults, which {@code --help} then shows.
 */
final class TrainingOptionsMixin {
    @Option(names = "--steps", paramLabel = "N", description = "Training steps in all (may grow on --resume).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Training examples per step.")
    int batchSize;

    @Option(names = "--image-size", paramLabel = "PIXELS", description = "Side of the square training crops.")
    int imageSize;

    @Option(names = "--resize", paramLabel = "PIXELS",
            description = "Shorter side images are scaled to before cropping (at least --image-size).")
    int resizeSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate.")
    double learningRate;

    @Option(names = "--lr-decay", paramLabel = "D", description = "Inverse-time decay: the rate at step t is "
            + "lr / (1 + D·t).")
    double learningRateDecay;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Share of the training images held out for validation (0: none).")
    double validationFraction;

    @Option(names = "--validation-images", paramLabel = "N", description = "At most this many held-out images.")
    int validationImages;

    @Option(names = "--validate-every", paramLabel = "N", description = "Steps between validations.")
    int validateEvery;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after this many validations without improvement (0: never stop early).")
    int patience;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints (0: at the end).")
    int checkpointEvery;

    @Option(names = "--no-augment", description = "Centre crops instead of random crops and flips.")
    boolean noAugment;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the split, the order, the crops, the initial "
            + "weights and any random loss network or encoder.")
    long seed;

    @Option(names = "--resume", description = "Continue from the checkpoint beside the output (OUTPUT.ckpt) with "
            + "the same settings.")
    boolean resume;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Report path (default: output with .json).")
    Path report;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the loss curves.")
    Path plot;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Skip training images larger than this.")
    long maxPixels = ReadOptions.defaults().maxPixels();

    @Option(names = {"--quiet", "-q"}, description = "No progress output.")
    boolean quiet;

    TrainingOptionsMixin(TrainingOptions defaults) {
        steps = defaults.steps();
        batchSize = defaults.batchSize();
        imageSize = defaults.imageSize();
        resizeSize = defaults.resizeSize();
        learningRate = defaults.learningRate();
        learningRateDecay = defaults.learningRateDecay();
        validationFraction = defaults.validationFraction();
        validationImages = defaults.maximumValidationImages();
        validateEvery = defaults.validateEvery();
        patience = defaults.patience();
        checkpointEvery = defaults.checkpointEvery();
        noAugment = !defaults.augment();
        seed = defaults.seed();
    }

    /** The options as given, checked; a crop larger than the resize raises the resize to match. */
    TrainingOptions options() {
        return new TrainingOptions(steps, batchSize, imageSize, Math.max(imageSize, resizeSize), learningRate,
                learningRateDecay, validationFraction, validationImages, validateEvery, patience, checkpointEvery,
                !noAugment, seed);
    }
}
