package dev.atelier.method.gatys;

import dev.atelier.InvalidOptionException;
import dev.atelier.method.StyleOptions;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.Pooling;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of optimisation-based style transfer, immutable. The defaults here are the only
 * place they are written: the command line shows them from {@link #defaults()}.
 *
 * @param size longest side of the result in pixels
 * @param styleScale style image size relative to the content image's
 * @param backbone which VGG runs; see {@link BackboneChoice}
 * @param weights a local VGG weights file, or {@code null} to use the backbone's own
 * @param pooling max or average pooling between VGG blocks
 * @param contentLayers layers whose features the content loss compares
 * @param styleLayers layers whose Gram matrices the style loss compares, with their weights
 * @param contentWeight α
 * @param styleWeight β
 * @param tvWeight γ, the total-variation weight
 * @param optimizer L-BFGS or Adam
 * @param learningRate Adam's step size, in units of the normalised image
 * @param lbfgsHistory curvature pairs L-BFGS remembers
 * @param initialization where the image starts
 * @param iterations iterations in all, over all scales; 0 only evaluates the initial image
 * @param scales number of scales, coarse to fine; 0 chooses from the size (see {@link ScalePlan})
 * @param seed seeds noise initialisation and random backbones
 * @param saveEvery report an intermediate image every this many iterations; 0 never
 */
public record GatysOptions(int size, double styleScale, BackboneChoice backbone, Path weights, Pooling pooling,
        List<String> contentLayers, Map<String, Double> styleLayers, double contentWeight, double styleWeight,
        double tvWeight, OptimizerKind optimizer, double learningRate, int lbfgsHistory,
        Initialization initialization, int iterations, int scales, long seed, int saveEvery) implements StyleOptions {

    /**
     * Every option users set, with its default and description. ({@code saveEvery} is not among them:
     * intermediate images are outputs, which the request names.)
     */
    public static final OptionSchema<Builder, GatysOptions> SCHEMA = OptionSchema.of(GatysOptions::builder,
                    Builder::build)
            .add("size", "PIXELS", "Longest side of the result.", ValueTypes.integer(), Builder::optSize,
                    GatysOptions::size).main()
            .add("iterations", "N", "Iterations in all, over every scale (0 only evaluates the start).",
                    ValueTypes.integer(), Builder::optIterations, GatysOptions::iterations).main()
            .add("style-weight", "BETA", "Weight of the style loss (the style's strength).", ValueTypes.number(),
                    Builder::optStyleWeight, GatysOptions::styleWeight).main()
            .add("content-weight", "ALPHA", "Weight of the content loss.", ValueTypes.number(),
                    Builder::optContentWeight, GatysOptions::contentWeight)
            .add("tv-weight", "GAMMA", "Weight of the total-variation loss (smoothness).", ValueTypes.number(),
                    Builder::optTvWeight, GatysOptions::tvWeight)
            .add("style-scale", "FACTOR", "Painting size relative to the photo's.", ValueTypes.number(),
                    Builder::optStyleScale, GatysOptions::styleScale)
            .add("scales", "N", "Scales, coarse to fine, each half the next (0: automatic, coarsest at least "
                    + ScalePlan.MINIMUM_AUTOMATIC_SIZE + " px; 1: off).", ValueTypes.integer(), Builder::optScales,
                    GatysOptions::scales)
            .add("optimizer", "NAME", "lbfgs or adam.", ValueTypes.choice(OptimizerKind.class),
                    Builder::optOptimizer, GatysOptions::optimizer)
            .add("lr", "RATE", "Adam's learning rate (normalised image units).", ValueTypes.number(),
                    Builder::optLearningRate, GatysOptions::learningRate)
            .add("lbfgs-history", "N", "L-BFGS memory (curvature pairs).", ValueTypes.integer(),
                    Builder::optLbfgsHistory, GatysOptions::lbfgsHistory)
            .add("init", "FROM", "Starting image: content, noise or style.", ValueTypes.choice(Initialization.class),
                    Builder::optInitialization, GatysOptions::initialization)
            .add("content-layers", "LAYERS", "Comma-separated content layers (relu4_2 is conv4_2).",
                    ValueTypes.names(), Builder::optContentLayers, GatysOptions::contentLayers)
            .add("style-layers", "LAYER=W,...", "Style layers and their weights.", ValueTypes.weightedNames(),
                    Builder::optStyleLayers, GatysOptions::styleLayers)
            .add("backbone", "NAME", "vgg19, vgg16, random-vgg19, random-vgg16, or auto (real VGG-19 if it can be "
                    + "had, else random).", ValueTypes.choice(BackboneChoice.class), Builder::optBackbone,
                    GatysOptions::backbone)
            .add("weights", "FILE", "Your own torchvision VGG weights (.pth or .safetensors) instead of the download.",
                    ValueTypes.file(), Builder::optWeights, GatysOptions::weights).inputFile()
            .add("pool", "KIND", "Pooling between VGG blocks: max or avg.", ValueTypes.choice(
                    Map.entry("max", Pooling.MAX), Map.entry("avg", Pooling.AVERAGE),
                    Map.entry("average", Pooling.AVERAGE)), Builder::optPooling, GatysOptions::pooling)
            .add("seed", "N", "Seed for noise and random backbones.", ValueTypes.longInteger(), Builder::optSeed,
                    GatysOptions::seed)
            .done();

    public GatysOptions {
        contentLayers = List.copyOf(contentLayers);
        styleLayers = Collections.unmodifiableMap(new LinkedHashMap<>(styleLayers));
    }

    public static GatysOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The deepest layer any loss reads: the backbone is loaded only that far. */
    public String deepestLayer() {
        var architecture = backbone.architecture();
        String deepest = null;
        int deepestIndex = -1;
        List<String> layers = new java.util.ArrayList<>(contentLayers);
        layers.addAll(styleLayers.keySet());
        for (String layer : layers) {
            int index = architecture.indexOf(layer);
            if (index > deepestIndex) {
                deepestIndex = index;
                deepest = layer;
            }
        }
        return architecture.canonicalName(deepest);
    }

    /** The iteration schedule these options describe. */
    public ScalePlan scalePlan() {
        return ScalePlan.halving(size, scales, iterations);
    }

    /** Builder in DJL's style: {@code optX} setters with defaults, checked by {@link #build()}. */
    public static final class Builder {
        private int size = 512;
        private double styleScale = 1.0;
        private BackboneChoice backbone = BackboneChoice.AUTO;
        private Path weights;
        private Pooling pooling = Pooling.MAX;
        private List<String> contentLayers = List.of("conv4_2");
        private Map<String, Double> styleLayers = defaultStyleLayers();
        private double contentWeight = 1;
        private double styleWeight = 1e6;
        private double tvWeight = 0;
        private OptimizerKind optimizer = OptimizerKind.LBFGS;
        // Adam's steps are invariant to the loss's scale, so this is a step in image space: 0.5
        // reached the lowest loss after 150 and 500 iterations of a sweep from 0.02 to 2 (BENCHMARKS.md).
        private double learningRate = 0.5;
        private int lbfgsHistory = 100;
        private Initialization initialization = Initialization.CONTENT;
        private int iterations = 500;
        private int scales = 0;
        private long seed = 0;
        private int saveEvery = 0;

        private Builder() {}

        private Builder(GatysOptions options) {
            size = options.size;
            styleScale = options.styleScale;
            backbone = options.backbone;
            weights = options.weights;
            pooling = options.pooling;
            contentLayers = options.contentLayers;
            styleLayers = options.styleLayers;
            contentWeight = options.contentWeight;
            styleWeight = options.styleWeight;
            tvWeight = options.tvWeight;
            optimizer = options.optimizer;
            learningRate = options.learningRate;
            lbfgsHistory = options.lbfgsHistory;
            initialization = options.initialization;
            iterations = options.iterations;
            scales = options.scales;
            seed = options.seed;
            saveEvery = options.saveEvery;
        }

        private static Map<String, Double> defaultStyleLayers() {
            Map<String, Double> layers = new LinkedHashMap<>();
            layers.put("conv1_1", 1.0);
            layers.put("conv2_1", 0.8);
            layers.put("conv3_1", 0.5);
            layers.put("conv4_1", 0.3);
            layers.put("conv5_1", 0.1);
            return layers;
        }

        public Builder optSize(int value) {
            size = value;
            return this;
        }

        public Builder optStyleScale(double value) {
            styleScale = value;
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

        public Builder optPooling(Pooling value) {
            pooling = value;
            return this;
        }

        public Builder optContentLayers(List<String> value) {
            contentLayers = value;
            return this;
        }

        public Builder optStyleLayers(Map<String, Double> value) {
            styleLayers = value;
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

        public Builder optOptimizer(OptimizerKind value) {
            optimizer = value;
            return this;
        }

        public Builder optLearningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder optLbfgsHistory(int value) {
            lbfgsHistory = value;
            return this;
        }

        public Builder optInitialization(Initialization value) {
            initialization = value;
            return this;
        }

        public Builder optIterations(int value) {
            iterations = value;
            return this;
        }

        public Builder optScales(int value) {
            scales = value;
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        public Builder optSaveEvery(int value) {
            saveEvery = value;
            return this;
        }

        /** Checks every value; a bad one is an {@link InvalidOptionException} naming the option. */
        public void validate() {
            require("size", size >= 16 && size <= MAXIMUM_SIZE,
                    "must be between 16 and " + MAXIMUM_SIZE + " pixels, got " + size);
            require("style-scale", styleScale > 0 && styleScale <= 8, "must be in (0, 8], got " + styleScale);
            require("iterations", iterations >= 0, "must not be negative, got " + iterations);
            require("scales", scales >= 0 && scales <= 8, "must be between 0 (automatic) and 8, got " + scales);
            require("save-every", saveEvery >= 0, "must not be negative, got " + saveEvery);
            requireWeight("content-weight", contentWeight);
            requireWeight("style-weight", styleWeight);
            requireWeight("tv-weight", tvWeight);
            require("lr", learningRate > 0 && Double.isFinite(learningRate), "must be positive, got " + learningRate);
            require("lbfgs-history", lbfgsHistory >= 1 && lbfgsHistory <= 1000,
                    "must be between 1 and 1000, got " + lbfgsHistory);
            require("content-layers", !contentLayers.isEmpty() || contentWeight == 0,
                    "at least one content layer is needed");
            require("style-layers", !styleLayers.isEmpty() || styleWeight == 0, "at least one style layer is needed");
            styleLayers.forEach((layer, weight) -> require("style-layers", weight >= 0 && Double.isFinite(weight),
                    "the weight of " + layer + " must be a finite number >= 0, got " + weight));
            requireDistinctLayers("content-layers", contentLayers);
            requireDistinctLayers("style-layers", styleLayers.keySet());
            if (scales > 0) {
                int coarsest = (int) Math.round(size / Math.pow(2, scales - 1));
                require("scales", coarsest >= 16, scales + " scales from " + size + " px would go below 16 px");
            }
            require("weights", weights == null || !backbone.isRandom(),
                    "cannot be combined with {backbone} " + backbone.displayName() + " (random weights need no file)");
        }

        /** Every layer known to the backbone, and none named twice (conv1_1 and relu1_1 are one layer). */
        private void requireDistinctLayers(String key, java.util.Collection<String> layers) {
            Map<String, String> seen = new LinkedHashMap<>();
            for (String layer : layers) {
                String canonical;
                try {
                    canonical = backbone.architecture().canonicalName(layer);
                } catch (InvalidOptionException unknown) {
                    throw new InvalidOptionException(key, unknown.problem());
                }
                String earlier = seen.put(canonical, layer);
                if (earlier != null) {
                    throw new InvalidOptionException(key, earlier + " and " + layer + " are the same layer");
                }
            }
        }

        private static void requireWeight(String key, double value) {
            require(key, value >= 0 && Double.isFinite(value), "must be a finite number >= 0, got " + value);
        }

        private static void require(String key, boolean condition, String problem) {
            if (!condition) {
                throw new InvalidOptionException(key, problem);
            }
        }

        public GatysOptions build() {
            validate();
            return new GatysOptions(size, styleScale, backbone, weights, pooling, contentLayers, styleLayers,
                    contentWeight, styleWeight, tvWeight, optimizer, learningRate, lbfgsHistory, initialization,
                    iterations, scales, seed, saveEvery);
        }
    }
}
