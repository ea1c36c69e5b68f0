package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
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
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a transformation network (Johnson et al. 2016) on a folder of photos, with the loss
 * network given as a {@link Backbone}: for one painting, or for several in one network with
 * conditional instance normalisation (Dumoulin, Shlens and Kudlur, "A Learned Representation for
 * Artistic Style", ICLR 2017: one scale and shift per painting in every normalisation, everything
 * else shared). Paintings can also be added to a trained network: as the paper shows, only their
 * new scales and shifts are trained, and the network's convolutions and its earlier paintings stay
 * exactly as they were.
 *
 * <p>The best weights by validation loss are written to the output model file whenever they
 * improve, so even an interrupted run leaves a usable model; {@code <output>.ckpt} holds what a
 * resumed run needs.
 */
public final class FeedForwardTrainer {
    private final Backbone lossNetwork;

    public FeedForwardTrainer(Backbone lossNetwork) {
        this.lossNetwork = lossNetwork;
    }

    /** What a training run was given, for reports and for refusing mismatched resumptions. */
    public record Inputs(Path data, List<Path> styles, Path output) {
        public Inputs {
            styles = List.copyOf(styles);
            if (styles.isEmpty()) {
                throw new IllegalArgumentException("training needs at least one painting");
            }
        }

        /** One painting. */
        public Inputs(Path data, Path style, Path output) {
            this(data, List.of(style), output);
        }

        /** The first painting (the only one of a network of one). */
        public Path style() {
            return styles.get(0);
        }
    }

    /** Trains on one painting. */
    public TrainingResult train(Inputs inputs, RgbImage style, FeedForwardTrainingOptions options, boolean resume,
            ImageLoader loader, RunListener listener, Cancellation cancellation) {
        return train(inputs, List.of(style), options, resume, loader, listener, cancellation);
    }

    /**
     * Trains on the paintings given (one network for all of them when several), or adds them to the
     * trained network {@link FeedForwardTrainingOptions#base()} names.
     *
     * @param styles the paintings, in the order of {@code inputs.styles()}
     */
    public TrainingResult train(Inputs inputs, List<RgbImage> styles, FeedForwardTrainingOptions options,
            boolean resume, ImageLoader loader, RunListener listener, Cancellation cancellation) {
        // The style targets and the network are built here, before the loop: no gradient is recorded for them.
        GradientRecording.offOnThisThread();
        TrainingOptions training = options.training();
        ImageDataset data = ImageDataset.scan(inputs.data(), loader, training.validationFraction(),
                training.maximumValidationImages(), training.seed());
        ModelFile.Model base = options.base() == null ? null : readBase(options.base());
        TransformerLayout layout = base == null ? options.layout() : base.layout();
        List<String> names = new ArrayList<>();
        if (base != null) {
            names.addAll(base.styleCount() > 1 ? base.styles() : List.of(base.style() == null
                    ? options.base().getFileName().toString() : base.style()));
        }
        int earlier = names.size();
        inputs.styles().forEach(style -> names.add(style.getFileName().toString()));
        int paintings = names.size();
        if (paintings > ModelFile.MOST_STYLES) {
            throw new InvalidOptionException("style", "a network holds at most " + ModelFile.MOST_STYLES
                    + " paintings, this one would hold " + paintings);
        }
        int[] trained = new int[paintings - earlier];
        for (int i = 0; i < trained.length; i++) {
            trained[i] = earlier + i;
        }
        Set<String> trainable = base == null ? TransformerNetwork.parameterShapes(layout, paintings).keySet()
                : TransformerNetwork.normParameters(layout);
        JsonObject settings = settings(inputs, options);
        try (NDManager manager = RunDevice.newManager();
                TransformerNetwork network = TransformerNetwork.fromStateDict(layout, paintings, base == null
                        ? TransformerNetwork.initialStateDict(layout, paintings, training.seed())
                        : PaintingAddition.extend(base, paintings), manager);
                PerceptualTrainingTask task = new PerceptualTrainingTask(network, lossNetwork.network(),
                        lossNetwork.network().architecture().canonicalName(options.contentLayer()),
                        styleGrams(styles, options, manager), trained, trainable, options.contentWeight(),
                        options.styleWeight(), options.tvWeight())) {
            CheckpointStore checkpoints = new CheckpointStore(checkpointOf(inputs.output()), settings);
            TrainingLoop.BestModelSink sink = (step, validation) -> {
                JsonObject provenance = new JsonObject();
                provenance.addProperty("trained_by", "atelier train");
                provenance.addProperty("step", step);
                if (!Double.isNaN(validation)) {
                    provenance.addProperty("validation_loss", validation);
                }
                if (base != null) {
                    provenance.addProperty("added_to", options.base().toString());
                    provenance.addProperty("added_paintings", trained.length);
                }
                ModelFile.write(inputs.output(), new ModelFile.Model(layout, network.toStateDict(inputs.output()),
                        paintings == 1 ? names.get(0) : null, provenance, settings,
                        paintings == 1 ? List.of() : names, null));
            };
            TrainingLoop loop = new TrainingLoop(task, data, null, training, checkpoints, sink, listener, cancellation);
            return loop.run(resume);
        }
    }

    /** A trained network of a fixed layout, to add paintings to. */
    private static ModelFile.Model readBase(Path file) {
        ModelFile.Model model = FeedForwardModels.read(file);
        if (model.layout() == TransformerLayout.TORCH7) {
            throw new BadInputException(file, "is a Torch7 module network; paintings are added to Johnson "
                    + "transformers (pytorch-examples or tensorflow layout)");
        }
        return model;
    }

    /** The checkpoint beside a model: {@code candy.safetensors} keeps {@code candy.safetensors.ckpt}. */
    public static Path checkpointOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".ckpt");
    }

    /**
     * Each painting's normalised Gram matrices, in {@code manager}. A painting's activations through
     * the loss network, at its full size, are many times larger than the Grams (about 1 GB for a
     * 750 px painting through relu4_3) and needed only here: they live in a scope closed before
     * training starts instead of for the whole run.
     */
    private List<Map<String, NDArray>> styleGrams(List<RgbImage> styles, FeedForwardTrainingOptions options,
            NDManager manager) {
        List<Map<String, NDArray>> all = new ArrayList<>();
        for (RgbImage style : styles) {
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
            all.add(grams);
        }
        return all;
    }

    /** Everything that defines the run; a checkpoint made with other settings is not resumed. */
    public static JsonObject settings(Inputs inputs, FeedForwardTrainingOptions options) {
        JsonObject settings = new JsonObject();
        settings.addProperty("data", inputs.data().toAbsolutePath().normalize().toString());
        if (inputs.styles().size() == 1) {
            settings.addProperty("style", inputs.style().toAbsolutePath().normalize().toString());
        } else {
            JsonArray styles = new JsonArray();
            inputs.styles().forEach(style -> styles.add(style.toAbsolutePath().normalize().toString()));
            settings.add("styles", styles);
        }
        if (options.base() != null) {
            settings.addProperty("add_to", options.base().toAbsolutePath().normalize().toString());
            settings.addProperty("add_to_sha256", WeightsFiles.sha256(options.base()));
        }
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
