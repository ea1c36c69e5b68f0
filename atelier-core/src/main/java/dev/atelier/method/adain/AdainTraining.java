package dev.atelier.method.adain;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageLoader;
import dev.atelier.method.MethodContext;
import dev.atelier.method.RunContext;
import dev.atelier.method.TrainingInput;
import dev.atelier.method.TrainingJob;
import dev.atelier.method.TrainingMethod;
import dev.atelier.method.TrainingOutcome;
import dev.atelier.options.OptionSchema;
import dev.atelier.report.ModelUse;
import dev.atelier.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Training an AdaIN decoder for a fixed encoder (Huang and Belongie 2017, sec. 6.1) as the entry point runs it. */
public final class AdainTraining implements TrainingMethod<AdainTrainingOptions> {
    /** Role of the folder of photos. */
    public static final String CONTENT_FOLDER = "content-dir";
    /** Role of the folder of paintings. */
    public static final String STYLE_FOLDER = "style-dir";

    @Override
    public String name() {
        return "adain";
    }

    @Override
    public String description() {
        return "train an AdaIN decoder on folders of photos and paintings (Huang and Belongie 2017)";
    }

    @Override
    public OptionSchema<?, AdainTrainingOptions> options() {
        return AdainTrainingOptions.SCHEMA;
    }

    @Override
    public List<TrainingInput> inputs() {
        return List.of(new TrainingInput(CONTENT_FOLDER, true, "photo folder", "Photos (e.g. MS-COCO; sub-folders "
                + "included)"), new TrainingInput(STYLE_FOLDER, true, "painting folder", "Paintings (e.g. WikiArt; "
                + "sub-folders included)"));
    }

    @Override
    public Path checkpointOf(Path output) {
        return AdainTrainer.checkpointOf(output);
    }

    @Override
    public void checkOutput(Path output) {
        if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            throw new InvalidOptionException("output", output + ": a decoder is written as safetensors: name it "
                    + "*.safetensors");
        }
    }

    @Override
    public TrainingOutcome train(TrainingJob job, AdainTrainingOptions options, MethodContext context,
            RunContext run) {
        AdainTrainer.Inputs inputs = new AdainTrainer.Inputs(job.path(CONTENT_FOLDER),
                job.path(STYLE_FOLDER), job.output());
        try (NDManager manager = RunDevice.newManager();
                AdainEncoder encoder = encoder(options, context, manager)) {
            TrainingResult result = new AdainTrainer(encoder).train(inputs, options, job.resume(),
                    new ImageLoader(job.readOptions()), run.listener(),
                    run.cancellation());
            Long seed = encoder.randomSeed().isPresent() ? encoder.randomSeed().getAsLong() : null;
            return new TrainingOutcome(result, List.of(new ModelUse("encoder", encoder.kind().displayName(),
                    seed == null ? encoder.description() : null, encoder.weightsSha256(), seed)));
        }
    }

    private static AdainEncoder encoder(AdainTrainingOptions options, MethodContext context, NDManager manager) {
        if (options.encoder().trim().toLowerCase(Locale.ROOT).equals(AdainMethod.RANDOM_ENCODER)) {
            return TorchvisionVggEncoder.random(options.training().seed(), manager);
        }
        if (AdainModels.isEmbedded(options.encoder())) {
            return NormalisedVggEncoder.embedded(manager);
        }
        return AdainModels.loadEncoder(context.models().resolve(options.encoder(), "encoder", context.listener()),
                manager);
    }
}
