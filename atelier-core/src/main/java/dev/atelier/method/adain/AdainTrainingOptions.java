package dev.atelier.method.adain;

import dev.atelier.InvalidOptionException;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import dev.atelier.training.TrainingOptions;

/**
 * Settings for training an AdaIN decoder. Defaults are the paper's (Huang and Belongie 2017, sec.
 * 6.1) and its reference code's: style weight 10 (content 1), Adam with learning rate 1e-4 and
 * inverse-time decay 5e-5, batches of 8, images resized to 512 then cropped to 256, 160,000 steps;
 * written once, in the builder.
 *
 * @param contentWeight weight of the loss between the re-encoded output and the AdaIN target
 * @param styleWeight weight of the loss between channel means and deviations at relu1_1 … relu4_1
 * @param encoder the fixed encoder: a model name ({@code adain-encoder}, {@code vgg19}), {@code
 *     random-vgg19} (seeded by the training seed; for trials offline) or a weights file
 * @param training the habits every Atelier training shares
 */
public record AdainTrainingOptions(double contentWeight, double styleWeight, String encoder,
        TrainingOptions training) {

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, AdainTrainingOptions> SCHEMA = OptionSchema.of(
                    AdainTrainingOptions::builder, Builder::build)
            .add("content-weight", "W", "Weight of the content loss.", ValueTypes.number(), Builder::optContentWeight,
                    AdainTrainingOptions::contentWeight)
            .add("style-weight", "W", "Weight of the style loss.", ValueTypes.number(), Builder::optStyleWeight,
                    AdainTrainingOptions::styleWeight).main()
            .add("encoder", "MODEL", "The fixed encoder: adain-encoder (the paper's; pairs with the reference "
                    + "release), vgg19 (torchvision), random-vgg19 (seeded; for trials offline) or a weights file.",
                    ValueTypes.text(), Builder::optEncoder, AdainTrainingOptions::encoder).inputFile()
            .addAll(TrainingOptions.SCHEMA, Builder::training, AdainTrainingOptions::training)
            .done();

    public static Builder builder() {
        return new Builder();
    }

    public static AdainTrainingOptions defaults() {
        return SCHEMA.defaults();
    }

    /** Builder with the paper's defaults; {@link #build()} checks every value. */
    public static final class Builder {
        private double contentWeight = 1;
        private double styleWeight = 10;
        private String encoder = "adain-encoder";
        // 2% of the photos (at most 64) held out for validation.
        private TrainingOptions.Builder training = TrainingOptions.builder(new TrainingOptions(160_000, 8, 256, 512,
                1e-4, 5e-5, 0.02, 64, 1000, 5, 1000, true, 42));

        private Builder() {}

        public Builder optContentWeight(double value) {
            contentWeight = value;
            return this;
        }

        public Builder optStyleWeight(double value) {
            styleWeight = value;
            return this;
        }

        public Builder optEncoder(String value) {
            encoder = value;
            return this;
        }

        /** The shared training settings, to set with their own {@code optX}. */
        public TrainingOptions.Builder training() {
            return training;
        }

        public Builder optTraining(TrainingOptions value) {
            training = value.toBuilder();
            return this;
        }

        public void validate() {
            if (!(contentWeight >= 0) || !Double.isFinite(contentWeight)) {
                throw new InvalidOptionException("content-weight", "must be finite and >= 0, got " + contentWeight);
            }
            if (!(styleWeight >= 0) || !Double.isFinite(styleWeight)) {
                throw new InvalidOptionException("style-weight", "must be finite and >= 0, got " + styleWeight);
            }
            if (contentWeight == 0 && styleWeight == 0) {
                throw new InvalidOptionException("style-weight", "content and style weights must not both be 0");
            }
            if (encoder == null || encoder.isBlank()) {
                throw new InvalidOptionException("encoder", "an encoder is needed");
            }
        }

        public AdainTrainingOptions build() {
            validate();
            return new AdainTrainingOptions(contentWeight, styleWeight, encoder, training.build());
        }
    }
}
