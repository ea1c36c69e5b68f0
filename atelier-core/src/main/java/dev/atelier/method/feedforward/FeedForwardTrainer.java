package dev.atelier.method.feedforward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.GramMatrix;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.GradientRecording;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.report.RecordJson;
import dev.atelier.training.CheckpointStore;
import dev.atelier.training.ImageDataset;
import dev.atelier.progress.RunListener;
import dev.atelier.training.TrainingLoop;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a transformation network for one painting (Johnson et al. 2016) on a folder of photos,
 * with the loss network given as a {@link Backbone}. The best weights by validation loss are
 * written to the output model file whenever they improve, so even an interrupted run leaves a
 * usable model; {@code <output>.ckpt} holds what a resumed run needs.
 */
public final class FeedForwardTrainer {
    private final Backbone lossNetwork;

    public FeedForwardTrainer(Backbone lossNetwork) {
        this.lossNetwork = lossNetwork;
    }

    /** What a training run was given, for reports and for refusing mismatched resumptions. */
    public record Inputs(Path data, Path style, Path output) {}

    public TrainingResult train(Inputs inputs, RgbImage style, FeedForwardTrainingOptions options, boolean resume,
            ImageLoader loader, RunListener listener, Cancellation cancellation) {
        // The style targets and the network are built here, before the loop: no gradient is recorded for them.
        GradientRecording.offOnThisThread();
        TrainingOptions training = options.training();
        ImageDataset data = ImageDataset.scan(inputs.data(), loader, training.validationFraction(),
                training.maximumValidationImages(), training.seed());
        JsonObject settings = settings(inputs, options);
        try (NDManager manager = NDManager.newBaseManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(options.layout(),
                        TransformerNetwork.initialStateDict(options.layout(), training.seed()), manager);
                PerceptualTrainingTask task = new PerceptualTrainingTask(network, lossNetwork.network(),
                        lossNetwork.network().architecture().canonicalName(options.contentLayer()),
                        styleGrams(style, options, manager), options.contentWeight(), options.styleWeight(),
                        options.tvWeight())) {
            CheckpointStore checkpoints = new CheckpointStore(checkpointOf(inputs.output()), settings);
            String styleName = inputs.style().getFileName().toString();
            TrainingLoop.BestModelSink sink = (step, validation) -> {
                JsonObject provenance = new JsonObject();
                provenance.addProperty("trained_by", "atelier train");
                provenance.addProperty("step", step);
                if (!Double.isNaN(validation)) {
                    provenance.addProperty("validation_loss", validation);
                }
                ModelFile.write(inputs.output(), new ModelFile.Model(options.layout(),
                        network.toStateDict(inputs.output()), styleName, provenance, settings));
            };
            TrainingLoop loop = new TrainingLoop(task, data, null, training, checkpoints, sink, listener, cancellation);
            return loop.run(resume);
        }
    }

    /** The checkpoint beside a model: {@code candy.safetensors} keeps {@code candy.safetensors.ckpt}. */
    public static Path checkpointOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".ckpt");
    }

    /**
     * The painting's normalised Gram matrices, in {@code manager}. The painting's activations through
     * the loss network, at its full size, are many times larger than the Grams (about 1 GB for a
     * 750 px painting through relu4_3) and needed only here: they live in a scope closed before
     * training starts instead of for the whole run.
     */
    private Map<String, NDArray> styleGrams(RgbImage style, FeedForwardTrainingOptions options, NDManager manager) {
        RgbImage resized = options.styleSize() > 0 ? Resampler.fitLongestSide(style, options.styleSize()) : style;
        Map<String, NDArray> grams = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            NDArray image = ImageNetNormalization.normalize(ImageTensors.toTensor(scope, resized));
            lossNetwork.network().features(image, options.styleLayers()).forEach((layer, features) -> {
                NDArray gram = GramMatrix.normalized(features);
                gram.attach(manager);
                grams.put(layer, gram);
            });
        }
        return grams;
    }

    /** Everything that defines the run; a checkpoint made with other settings is not resumed. */
    public static JsonObject settings(Inputs inputs, FeedForwardTrainingOptions options) {
        JsonObject settings = new JsonObject();
        settings.addProperty("data", inputs.data().toAbsolutePath().normalize().toString());
        settings.addProperty("style", inputs.style().toAbsolutePath().normalize().toString());
        settings.addProperty("style_size", options.styleSize());
        settings.addProperty("content_weight", options.contentWeight());
        settings.addProperty("style_weight", options.styleWeight());
        settings.addProperty("tv_weight", options.tvWeight());
        settings.addProperty("content_layer", options.contentLayer());
        JsonArray styleLayers = new JsonArray();
        options.styleLayers().forEach(styleLayers::add);
        settings.add("style_layers", styleLayers);
        settings.addProperty("backbone", options.backbone().displayName());
        settings.addProperty("weights", options.weights() == null ? null : options.weights().toString());
        settings.addProperty("layout", options.layout().displayName());
        settings.add("training", RecordJson.toJson(options.training()));
        return settings;
    }
}
