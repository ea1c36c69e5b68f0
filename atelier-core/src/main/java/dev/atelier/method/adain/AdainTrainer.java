package dev.atelier.method.adain;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.nn.GradientRecording;
import dev.atelier.report.RecordJson;
import dev.atelier.training.CheckpointStore;
import dev.atelier.training.ImageDataset;
import dev.atelier.progress.RunListener;
import dev.atelier.training.TrainingLoop;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import java.nio.file.Path;

/**
 * Trains an AdaIN decoder (Huang and Belongie 2017, sec. 6.1) for a fixed encoder on folders of
 * photos and paintings, with the training habits every Atelier trainer shares (see
 * {@link TrainingLoop}). The best decoder by validation loss is written to the output whenever it
 * improves, so even an interrupted run leaves a usable decoder; {@code <output>.ckpt} holds what a
 * resumed run needs.
 */
public final class AdainTrainer {
    private final AdainEncoder encoder;

    /** @param encoder the fixed encoder the decoder learns to invert (used, not owned) */
    public AdainTrainer(AdainEncoder encoder) {
        this.encoder = encoder;
    }

    /** What a run was given, for reports and for refusing mismatched resumptions. */
    public record Inputs(Path contentFolder, Path styleFolder, Path output) {}

    public TrainingResult train(Inputs inputs, AdainTrainingOptions options, boolean resume, ImageLoader loader,
            RunListener listener, Cancellation cancellation) {
        GradientRecording.offOnThisThread();
        TrainingOptions training = options.training();
        ImageDataset contents = ImageDataset.scan(inputs.contentFolder(), loader, training.validationFraction(),
                training.maximumValidationImages(), training.seed());
        ImageDataset styles = ImageDataset.scan(inputs.styleFolder(), loader, training.validationFraction(),
                training.maximumValidationImages(), training.seed() + 1);
        JsonObject settings = settings(inputs, options);
        try (NDManager manager = RunDevice.newManager();
                AdainDecoder decoder = AdainDecoder.fromStateDict(AdainDecoder.initialStateDict(training.seed()),
                        manager);
                AdainTrainingTask task = new AdainTrainingTask(encoder, decoder, options.contentWeight(),
                        options.styleWeight())) {
            CheckpointStore checkpoints = new CheckpointStore(checkpointOf(inputs.output()), settings);
            TrainingLoop.BestModelSink sink = (step, validation) -> {
                JsonObject provenance = settings.deepCopy();
                provenance.addProperty("trained_by", "atelier train-adain");
                provenance.addProperty("step", step);
                if (!Double.isNaN(validation)) {
                    provenance.addProperty("validation_loss", validation);
                }
                AdainModels.writeDecoder(inputs.output(), decoder.toStateDict(inputs.output()), encoder, provenance);
            };
            return new TrainingLoop(task, contents, styles, training, checkpoints, sink, listener, cancellation)
                    .run(resume);
        }
    }

    /** The checkpoint beside a decoder: {@code decoder.safetensors} keeps {@code decoder.safetensors.ckpt}. */
    public static Path checkpointOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".ckpt");
    }

    /**
     * Everything that defines the run's weights; a checkpoint made with other settings is not
     * resumed, though how long to run and when to validate may change (see {@link CheckpointStore}).
     */
    JsonObject settings(Inputs inputs, AdainTrainingOptions options) {
        JsonObject training = RecordJson.toJson(options.training()).getAsJsonObject();
        JsonObject settings = new JsonObject();
        settings.addProperty("content_folder", inputs.contentFolder().toAbsolutePath().normalize().toString());
        settings.addProperty("style_folder", inputs.styleFolder().toAbsolutePath().normalize().toString());
        settings.addProperty("encoder", encoder.kind().displayName());
        settings.addProperty("encoder_sha256", encoder.weightsSha256());
        settings.addProperty("content_weight", options.contentWeight());
        settings.addProperty("style_weight", options.styleWeight());
        settings.add("training", training);
        return settings;
    }
}
