package dev.atelier.method.adain;

import dev.atelier.BadInputException;
import dev.atelier.training.TrainingOptions;

/**
 * Settings for training an AdaIN decoder. Defaults are the paper's (Huang and Belongie 2017, sec.
 * 6.1) and its reference code's: style weight 10 (content 1), Adam with learning rate 1e-4 and
 * inverse-time decay 5e-5, batches of 8, images resized to 512 then cropped to 256, 160,000 steps.
 *
 * @param contentWeight weight of the loss between the re-encoded output and the AdaIN target
 * @param styleWeight weight of the loss between channel means and deviations at relu1_1 … relu4_1
 * @param training the habits every Atelier training shares
 */
public record AdainTrainingOptions(double contentWeight, double styleWeight, TrainingOptions training) {
    public static final double DEFAULT_CONTENT_WEIGHT = 1;
    public static final double DEFAULT_STYLE_WEIGHT = 10;

    public AdainTrainingOptions {
        if (!(contentWeight >= 0) || !Double.isFinite(contentWeight)) {
            throw new BadInputException("content weight must be finite and >= 0, got " + contentWeight);
        }
        if (!(styleWeight >= 0) || !Double.isFinite(styleWeight)) {
            throw new BadInputException("style weight must be finite and >= 0, got " + styleWeight);
        }
        if (contentWeight == 0 && styleWeight == 0) {
            throw new BadInputException("content and style weights must not both be 0");
        }
    }

    public static AdainTrainingOptions defaults() {
        return new AdainTrainingOptions(DEFAULT_CONTENT_WEIGHT, DEFAULT_STYLE_WEIGHT, defaultTraining());
    }

    /** The paper's training schedule; 2% of the photos (at most 64) held out for validation. */
    public static TrainingOptions defaultTraining() {
        return new TrainingOptions(160_000, 8, 256, 512, 1e-4, 5e-5, 0.02, 64, 1000, 5, 1000, true, 42);
    }
}
