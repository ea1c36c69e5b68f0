package dev.atelier.method.adain;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.report.JsonReports;
import dev.atelier.training.CheckpointStore;
import dev.atelier.training.ImageDataset;
import dev.atelier.training.TrainingListener;
import dev.atelier.training.TrainingLoop;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import java.nio.file.Path;

/**
 * Trains an AdaIN decoder (Huang and Belongie 2017, sec. 6.1) for a fixed encoder on folders of
 * photos and paintings, with the training habits every Atelier trainer shares (see
 * {@link TrainingLoop}). Paper settings are the defaults: style weight 10, Adam 1e-4 with
 * inverse-time decay 5e-5, batch 8, images resized to 512 then cropped to 256.
 */
public final class AdainTrainer {

    /** The paper's defaults. */
    public static TrainingOptions defaultTraining() {
        return new TrainingOptions(160_000, 8, 256, 512, 1e-4, 5e-5, 0.02, 64, 1000, 5, 1000, true, 42);
    }

    /** Default style weight (content weight is 1). */
    public static final double DEFAULT_STYLE_WEIGHT = 10;

    /** What a run was given, for reports and for refusing mismatched resumptions. */
    public record Inputs(Path contentFolder, Path styleFolder, Path output, AdainModels.EncoderKind encoderKind) {}

    public TrainingResult train(Inputs inputs, AdainEncoder encoder, double contentWeight, double styleWeight,
            TrainingOptions options, boolean resume, ImageLoader loader, TrainingListener listener,
            Cancellation cancellation) {
        ImageDataset contents = ImageDataset.scan(inputs.contentFolder(), loader, options.validationFraction(),
                options.maximumValidationImages(), options.seed());
        ImageDataset styles = ImageDataset.scan(inputs.styleFolder(), loader, options.validationFraction(),
                options.maximumValidationImages(), options.seed() + 1);
        JsonObject settings = new JsonObject();
        settings.addProperty("content_folder", inputs.contentFolder().toAbsolutePath().normalize().toString());
        settings.addProperty("style_folder", inputs.styleFolder().toAbsolutePath().normalize().toString());
        settings.addProperty("encoder", inputs.encoderKind().displayName());
        settings.addProperty("encoder_sha256", encoder.weightsSha256());
        settings.addProperty("content_weight", contentWeight);
        settings.addProperty("style_weight", styleWeight);
        settings.add("training", JsonReports.toJson(options));
        try (NDManager manager = NDManager.newBaseManager();
                AdainDecoder decoder = AdainDecoder.fromStateDict(AdainDecoder.initialStateDict(options.seed()),
                        manager);
                AdainTrainingTask task = new AdainTrainingTask(encoder, decoder, contentWeight, styleWeight)) {
            CheckpointStore checkpoints = new CheckpointStore(inputs.output().resolveSibling(
                    inputs.output().getFileName() + ".ckpt"), settings);
            TrainingLoop.BestModelSink sink = (step, validation) -> {
                JsonObject training = settings.deepCopy();
                training.addProperty("step", step);
                if (!Double.isNaN(validation)) {
                    training.addProperty("validation_loss", validation);
                }
                AdainModels.writeDecoder(inputs.output(), decoder.toStateDict(inputs.output()), inputs.encoderKind(),
                        encoder.weightsSha256(), training);
            };
            return new TrainingLoop(task, contents, styles, options, checkpoints, sink, listener, cancellation)
                    .run(resume);
        }
    }
}
