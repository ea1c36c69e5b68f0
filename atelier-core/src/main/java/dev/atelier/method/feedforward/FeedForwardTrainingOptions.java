package dev.atelier.method.feedforward;

import dev.atelier.InvalidOptionException;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import dev.atelier.training.TrainingOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings for training a feed-forward network on one style. Defaults are pytorch/examples
 * {@code fast_neural_style}'s (content 1e5 at relu2_2, style 1e10 at relu1_2, relu2_2, relu3_3,
 * relu4_3 of VGG-16, Adam 1e-3, batch 4, 256 px), written once, in the builder.
 *
 * @param styleSize longest side the painting is resized to for its Gram matrices; 0 keeps its size
 * @param backbone the loss network (VGG-16 in the paper)
 * @param weights a local file for the loss network's weights, or {@code null}
 * @param layout which transformer layout to train
 * @param base a trained network to add the paintings to (only their normalisation parameters are
 *     trained, Dumoulin et al.), or {@code null} to train a new network; its layout is kept
 */
public record FeedForwardTrainingOptions(int styleSize, double contentWeight, double styleWeight, double tvWeight,
        String contentLayer, List<String> styleLayers, BackboneChoice backbone, Path weights,
        TransformerLayout layout, TrainingOptions training, Path base) {

    /** Every option with its default and description. */
    public static final OptionSchema<Builder, FeedForwardTrainingOptions> SCHEMA = OptionSchema.of(
                    FeedForwardTrainingOptions::builder, Builder::build)
            .add("style-size", "PIXELS", "Longest side the painting is resized to (0: as it is).",
                    ValueTypes.integer(), Builder::optStyleSize, FeedForwardTrainingOptions::styleSize)
            .add("content-weight", "ALPHA", "Weight of the content loss.", ValueTypes.number(),
                    Builder::optContentWeight, FeedForwardTrainingOptions::contentWeight)
            .add("style-weight", "BETA", "Weight of the style loss.", ValueTypes.number(), Builder::optStyleWeight,
                    FeedForwardTrainingOptions::styleWeight).main()
            .add("tv-weight", "GAMMA", "Weight of the total-variation loss.", ValueTypes.number(),
                    Builder::optTvWeight, FeedForwardTrainingOptions::tvWeight)
            .add("content-layer", "LAYER", "Loss network layer for content.", ValueTypes.text(),
                    Builder::optContentLayer, FeedForwardTrainingOptions::contentLayer)
            .add("style-layers", "LAYERS", "Comma-separated loss network layers for style.", ValueTypes.names(),
                    Builder::optStyleLayers, FeedForwardTrainingOptions::styleLayers)
            .add("backbone", "NAME", "Loss network: vgg16, vgg19, random-vgg16, random-vgg19 or auto.",
                    ValueTypes.choice(BackboneChoice.class), Builder::optBackbone, FeedForwardTrainingOptions::backbone)
            .add("weights", "FILE", "Your own torchvision VGG weights (.pth or .safetensors) instead of the download.",
                    ValueTypes.file(), Builder::optWeights, FeedForwardTrainingOptions::weights).inputFile()
            .add("layout", "NAME", "Network layout: pytorch-examples or tensorflow.", ValueTypes.choice(
                    Map.entry("pytorch-examples", TransformerLayout.PYTORCH_EXAMPLES),
                    Map.entry("tensorflow", TransformerLayout.TENSORFLOW)), Builder::optLayout,
                    FeedForwardTrainingOptions::layout)
            .add("add-to", "MODEL", "A network trained here to add the painting(s) to: only their normalisation "
                    + "parameters are trained, the rest is kept (Dumoulin et al.).", ValueTypes.file(),
                    Builder::optBase, FeedForwardTrainingOptions::base).inputFile()
            .addAll(TrainingOptions.SCHEMA, Builder::training, FeedForwardTrainingOptions::training)
            .done();

    public FeedForwardTrainingOptions {
        styleLayers = List.copyOf(styleLayers);
    }

    /** Options that train a new network. */
    public FeedForwardTrainingOptions(int styleSize, double contentWeight, double styleWeight, double tvWeight,
            String contentLayer, List<String> styleLayers, BackboneChoice backbone, Path weights,
            TransformerLayout layout, TrainingOptions training) {
        this(styleSize, contentWeight, styleWeight, tvWeight, contentLayer, styleLayers, backbone, weights, layout,
                training, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static FeedForwardTrainingOptions defaults() {
        return SCHEMA.defaults();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The deepest layer any loss reads: the loss network is loaded only that far. */
    public String deepestLayer() {
        var architecture = backbone.architecture();
        int deepest = architecture.indexOf(contentLayer);
        for (String layer : styleLayers) {
            deepest = Math.max(deepest, architecture.indexOf(layer));
        }
        return architecture.convolutions().get(deepest).name();
    }

    /** Builder with the documents' defaults: a COCO-scale run (40,000 steps of 4 images is two epochs). */
    public static final class Builder {
        private int styleSize = 0;
        private double contentWeight = 1e5;
        private double styleWeight = 1e10;
        private double tvWeight = 0;
        private String contentLayer = "relu2_2";
        private List<String> styleLayers = List.of("relu1_2", "relu2_2", "relu3_3", "relu4_3");
        private BackboneChoice backbone = BackboneChoice.VGG16;
        private Path weights;
        private TransformerLayout layout = TransformerLayout.PYTORCH_EXAMPLES;
        private Path base;
        private TrainingOptions.Builder training;

        private Builder() {
            training = TrainingOptions.builder(new TrainingOptions(40_000, 4, 256, 256, 1e-3, 0, 0.02, 64, 500, 5, 500,
                    true, 42));
        }

        private Builder(FeedForwardTrainingOptions options) {
            styleSize = options.styleSize;
            contentWeight = options.contentWeight;
            styleWeight = options.styleWeight;
            tvWeight = options.tvWeight;
            contentLayer = options.contentLayer;
            styleLayers = options.styleLayers;
            backbone = options.backbone;
            weights = options.weights;
            layout = options.layout;
            base = options.base;
            training = options.training.toBuilder();
        }

        public Builder optStyleSize(int value) {
            styleSize = value;
            return this;
        }

        public Builder optContentWeight(double value) {
            contentWeight = value;
            return this;
        }

        public Builder optStyleWeight(double value) {
            styleWeight = value;
            return this;
        }

        public Builder optTvWeight(double value) {
            tvWeight = value;
            return this;
        }

        public Builder optContentLayer(String value) {
            contentLayer = value;
            return this;
        }

        public Builder optStyleLayers(List<String> value) {
            styleLayers = List.copyOf(value);
            return this;
        }

        public Builder optBackbone(BackboneChoice value) {
            backbone = value;
            return this;
        }

        public Builder optWeights(Path value) {
            weights = value;
            return this;
        }

        public Builder optLayout(TransformerLayout value) {
            layout = value;
            return this;
        }

        public Builder optBase(Path value) {
            base = value;
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
            require("style-size", styleSize >= 0 && styleSize <= 8192, "must be between 0 (as is) and 8192, got "
                    + styleSize);
            require("content-weight", contentWeight >= 0 && Double.isFinite(contentWeight), "must be >= 0");
            require("style-weight", styleWeight >= 0 && Double.isFinite(styleWeight), "must be >= 0");
            require("tv-weight", tvWeight >= 0 && Double.isFinite(tvWeight), "must be >= 0");
            require("style-layers", !styleLayers.isEmpty(), "at least one style layer is needed");
            require("weights", weights == null || !backbone.isRandom(),
                    "cannot be combined with {backbone} " + backbone.displayName() + " (random weights need no file)");
            Map<String, String> seen = new LinkedHashMap<>();
            canonical("content-layer", contentLayer);
            for (String layer : styleLayers) {
                String earlier = seen.put(canonical("style-layers", layer), layer);
                if (earlier != null) {
                    throw new InvalidOptionException("style-layers", earlier + " and " + layer
                            + " are the same layer");
                }
            }
        }

        private String canonical(String key, String layer) {
            try {
                return backbone.architecture().canonicalName(layer);
            } catch (InvalidOptionException unknown) {
                throw new InvalidOptionException(key, unknown.problem());
            }
        }

        private static void require(String key, boolean condition, String problem) {
            if (!condition) {
                throw new InvalidOptionException(key, problem);
            }
        }

        public FeedForwardTrainingOptions build() {
            validate();
            return new FeedForwardTrainingOptions(styleSize, contentWeight, styleWeight, tvWeight, contentLayer,
                    styleLayers, backbone, weights, layout, training.build(), base);
        }
    }
}
