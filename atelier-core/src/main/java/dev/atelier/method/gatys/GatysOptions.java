package dev.atelier.method.gatys;

import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.method.ColorPreservationOption;
import dev.atelier.method.StyleOptions;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.EmbeddedVgg;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.options.OptionSchema;
import dev.atelier.options.ValueTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of optimisation-based style transfer, immutable. The defaults here are the only
 * place they are written: the command line shows them from {@link #defaults()}. Two defaults depend
 * on other settings: the layers on the backbone (the normalised VGG-19 ends at conv4_1), and the
 * style weight on the loss scaling. {@code auto} takes the layers of the backbone it stands for when
 * the run starts ({@link #resolved}).
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
 * @param lossScaling how the terms are scaled, which decides what α and β mean; see {@link LossScaling}
 * @param styleWeights blend weights of several paintings (empty: equal); the Gram target is
 *     {@code Σ wᵢ Gᵢ / Σ wᵢ}
 * @param preserveColor whether the result keeps the photo's colours, and how
 * @param optimizer L-BFGS or Adam
 * @param learningRate Adam's step size, in units of the normalised image
 * @param lbfgsHistory curvature pairs L-BFGS remembers
 * @param initialization where the image starts (unless an initial image is given)
 * @param iterations iterations in all over the scales, each tile of a tiled scale running its
 *     scale's share; 0 only evaluates the initial image
 * @param scales number of scales, coarse to fine; 0 chooses from the size (see {@link ScalePlan})
 * @param tileSize longest tile side in pixels for scales larger than memory allows; a scale whose
 *     image fits within a tile runs whole; 0 chooses from the memory available (see {@link TilePlan})
 * @param seed seeds noise initialisation and random backbones
 */
public record GatysOptions(int size, double styleScale, BackboneChoice backbone, Path weights, Pooling pooling,
        List<String> contentLayers, Map<String, Double> styleLayers, double contentWeight, double styleWeight,
        double tvWeight, LossScaling lossScaling, List<Double> styleWeights, ColorPreservation preserveColor,
        OptimizerKind optimizer, double learningRate, int lbfgsHistory, Initialization initialization,
        int iterations, int scales, double plateau, boolean photoDetail, int tileSize, long seed)
        implements StyleOptions {

    /** Iterations over which {@link #plateau()} is judged (see {@link ScaleStopping}). */
    public static final int PLATEAU_WINDOW = 10;

    /** Smallest explicit tile size: smaller tiles would spend most of their pixels on overlap. */
    public static final int MINIMUM_TILE_SIZE = 128;

    /**
     * Every option users set, with its default and description.
     */
    public static final OptionSchema<Builder, GatysOptions> SCHEMA = OptionSchema.of(GatysOptions::builder,
                    Builder::build)
            .add("size", "PIXELS", "Longest side of the result.", ValueTypes.integer(), Builder::optSize,
                    GatysOptions::size).main().range(16, MAXIMUM_SIZE)
            .add("iterations", "N", "Iterations in all, over every scale (0 only evaluates the start).",
                    ValueTypes.integer(), Builder::optIterations, GatysOptions::iterations).main().atLeast(0)
            .add("style-weight", "BETA", "Weight of the style loss: the style's strength.", ValueTypes.number(),
                    Builder::optStyleWeight, GatysOptions::styleWeight).main().atLeast(0)
            .defaultText("1 (1e6 with {loss-scaling} documents)")
            .add(ColorPreservationOption.KEY, ColorPreservationOption.LABEL, ColorPreservationOption.DESCRIPTION,
                    ColorPreservationOption.type(),
                    Builder::optPreserveColor, GatysOptions::preserveColor).main()
            .add("style-weights", "W,...", "One weight per painting, to blend several (default: equal).",
                    ValueTypes.numbers(), Builder::optStyleWeights, GatysOptions::styleWeights).atLeast(0)
            .add("content-weight", "ALPHA", "Weight of the content loss.", ValueTypes.number(),
                    Builder::optContentWeight, GatysOptions::contentWeight).atLeast(0)
            .add("tv-weight", "GAMMA", "Weight of the total-variation loss (smoothness).", ValueTypes.number(),
                    Builder::optTvWeight, GatysOptions::tvWeight).atLeast(0)
            .add("loss-scaling", "KIND", "relative (each term against the photo's and the painting's own feature "
                    + "size, so one strength means the same on every network) or documents (the founding "
                    + "documents' formulation, tuned for torchvision's VGG-19).", ValueTypes.choice(LossScaling.class),
                    Builder::optLossScaling, GatysOptions::lossScaling)
            .add("style-scale", "FACTOR", "Painting size relative to the photo's.", ValueTypes.number(),
                    Builder::optStyleScale, GatysOptions::styleScale).range(0, 8)
            .add("scales", "N", "Scales, coarse to fine, each half the next (0: automatic, coarsest at least "
                    + ScalePlan.MINIMUM_AUTOMATIC_SIZE + " px; 1: off).", ValueTypes.integer(), Builder::optScales,
                    GatysOptions::scales).range(0, 8)
            .add("plateau", "RATE", "A coarse scale ends early once its loss falls by less than this share per "
                    + "iteration (over the last " + PLATEAU_WINDOW + "): it only prepares the next scale's start. "
                    + "0: every scale runs all its iterations.", ValueTypes.number(), Builder::optPlateau,
                    GatysOptions::plateau).range(0, 1)
            .add("photo-detail", "BOOLEAN", "Each finer scale starts from the coarser result with the photo's "
                    + "finer detail added back: a lower loss sooner, a sharper picture nearer the photo (false: the "
                    + "coarser result only, enlarged).", ValueTypes.bool(),
                    Builder::optPhotoDetail, GatysOptions::photoDetail)
            .add("tile-size", "PIXELS", "Longest tile side for scales too large for memory, refined in overlapping "
                    + "tiles (0: chosen from the memory available).", ValueTypes.integer(), Builder::optTileSize,
                    GatysOptions::tileSize).range(0, MAXIMUM_SIZE)
            .add("optimizer", "NAME", "lbfgs or adam.", ValueTypes.choice(OptimizerKind.class),
                    Builder::optOptimizer, GatysOptions::optimizer)
            .add("lr", "RATE", "Adam's learning rate (normalised image units).", ValueTypes.number(),
                    Builder::optLearningRate, GatysOptions::learningRate).atLeast(0)
            .add("lbfgs-history", "N", "L-BFGS memory (curvature pairs).", ValueTypes.integer(),
                    Builder::optLbfgsHistory, GatysOptions::lbfgsHistory).range(1, 1000)
            .add("init", "FROM", "Starting image: content, noise or style.", ValueTypes.choice(Initialization.class),
                    Builder::optInitialization, GatysOptions::initialization)
            .add("content-layers", "LAYERS", "Comma-separated content layers (relu4_2 is conv4_2).",
                    ValueTypes.names(), Builder::optContentLayers, GatysOptions::contentLayers)
            .defaultText("conv4_2 (conv4_1 on vgg19-normalised and embedded)")
            .add("style-layers", "LAYER=W,...", "Style layers and their weights.", ValueTypes.weightedNames(),
                    Builder::optStyleLayers, GatysOptions::styleLayers)
            .defaultText("conv1_1=1,conv2_1=0.8,conv3_1=0.5,conv4_1=0.3,conv5_1=0.1 (without conv5_1 on "
                    + "vgg19-normalised and embedded)")
            .add("backbone", "NAME", "vgg19, vgg16 (ImageNet VGG, downloaded), vgg19-normalised (Gatys et al.'s own "
                    + "network, from the AdaIN release, downloaded), embedded (the same network to conv4_1, inside "
                    + "Atelier), random-vgg19, random-vgg16 (for tests), or auto (vgg19 if it is downloaded, else "
                    + "embedded; never a download).",
                    ValueTypes.choice(BackboneChoice.class), Builder::optBackbone, GatysOptions::backbone)
            .add("weights", "FILE", "Your own weights for the backbone (.pth or .safetensors) instead of the download.",
                    ValueTypes.file(), Builder::optWeights, GatysOptions::weights).inputFile()
            .add("pool", "KIND", "Pooling between VGG blocks: max or avg (the paper's choice).", ValueTypes.choice(
                    Map.entry("max", Pooling.MAX), Map.entry("avg", Pooling.AVERAGE),
                    Map.entry("average", Pooling.AVERAGE)), Builder::optPooling, GatysOptions::pooling)
            .add("seed", "N", "Seed for noise and random backbones.", ValueTypes.longInteger(), Builder::optSeed,
                    GatysOptions::seed)
            .done();

    public GatysOptions {
        contentLayers = List.copyOf(contentLayers);
        styleLayers = Collections.unmodifiableMap(new LinkedHashMap<>(styleLayers));
        styleWeights = List.copyOf(styleWeights);
    }

    public static GatysOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options. Layers and style weight equal to the defaults of this
     * backbone and loss scaling are carried as "the default", so choosing another backbone or
     * scaling on the builder takes that one's defaults.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * These options with {@code auto} replaced by the backbone it stands for now ({@code choice}):
     * layers left at their default take that backbone's defaults, so the embedded network runs with
     * content at conv4_1 and style to conv4_1. Layers given explicitly are kept, and refused if the
     * backbone lacks them.
     */
    public GatysOptions resolved(BackboneChoice choice) {
        return backbone == choice ? this : toBuilder().optBackbone(choice).build();
    }

    /** The iteration schedule these options describe, for a photo of unknown shape (a square). */
    /** When a coarse scale ends early: {@link #plateau()} over {@link #PLATEAU_WINDOW} iterations. */
    public ScaleStopping scaleStopping() {
        return plateau == 0 ? ScaleStopping.NEVER : new ScaleStopping(plateau, PLATEAU_WINDOW);
    }

    public ScalePlan scalePlan() {
        return ScalePlan.halving(size, scales, iterations);
    }

    /**
     * The iteration schedule for a photo of this shape: with an automatic count, halving also stops
     * before the photo's short side falls below {@link #minimumSide()}.
     */
    public ScalePlan scalePlan(int photoWidth, int photoHeight) {
        double shortToLong = (double) Math.min(photoWidth, photoHeight) / Math.max(photoWidth, photoHeight);
        return ScalePlan.halving(size, scales, iterations, shortToLong, minimumSide());
    }

    /** The deepest layer any loss reads, canonical name: the backbone is loaded only that far. */
    public String deepestLayer() {
        VggArchitecture architecture = backbone.architecture();
        int deepest = -1;
        for (String layer : contentLayers) {
            deepest = Math.max(deepest, architecture.indexOf(layer));
        }
        for (String layer : styleLayers.keySet()) {
            deepest = Math.max(deepest, architecture.indexOf(layer));
        }
        return architecture.convolutions().get(Math.max(deepest, 0)).name();
    }

    /**
     * The smallest side, in pixels, an image (every scale and every tile) needs for the deepest
     * layer: VGG pools before each block, so a layer after k poolings needs {@code 2^k} pixels to
     * have a feature map at all.
     */
    public int minimumSide() {
        return 1 << backbone.architecture().poolingsBefore(deepestLayer());
    }

    /** Builder in DJL's style: {@code optX} setters with defaults, checked by {@link #build()}. */
    public static final class Builder {
        /** β under {@link LossScaling#RELATIVE}: a balanced picture on every backbone (BENCHMARKS.md). */
        private static final double RELATIVE_STYLE_WEIGHT = 1;
        /** β under {@link LossScaling#DOCUMENTS}: the documents' value, tuned for torchvision's VGG-19. */
        private static final double DOCUMENTS_STYLE_WEIGHT = 1e6;

        private int size = 512;
        private double styleScale = 1.0;
        private BackboneChoice backbone = BackboneChoice.AUTO;
        private Path weights;
        private Pooling pooling = Pooling.MAX;
        /** {@code null}: the backbone's default, see {@link #defaultContentLayers}. */
        private List<String> contentLayers;
        /** {@code null}: the backbone's default, see {@link #defaultStyleLayers}. */
        private Map<String, Double> styleLayers;
        private double contentWeight = 1;
        /** {@code null}: the loss scaling's default, see {@link #defaultStyleWeight}. */
        private Double styleWeight;
        private double tvWeight = 0;
        private LossScaling lossScaling = LossScaling.RELATIVE;
        private List<Double> styleWeights = List.of();
        private ColorPreservation preserveColor = ColorPreservation.NONE;
        private OptimizerKind optimizer = OptimizerKind.LBFGS;
        // Adam's steps are invariant to the loss's scale, so this is a step in image space: 0.5
        // reached the lowest loss after 150 and 500 iterations of a sweep from 0.02 to 2 (BENCHMARKS.md).
        private double learningRate = 0.5;
        private int lbfgsHistory = 100;
        private Initialization initialization = Initialization.CONTENT;
        private int iterations = 500;
        private int scales = 0;
        private int tileSize = 0;
        private long seed = 0;
        private double plateau = 0;
        private boolean photoDetail = false;

        private Builder() {}

        private Builder(GatysOptions options) {
            size = options.size;
            styleScale = options.styleScale;
            backbone = options.backbone;
            weights = options.weights;
            pooling = options.pooling;
            contentLayers = options.contentLayers.equals(defaultContentLayers(options.backbone))
                    ? null : options.contentLayers;
            styleLayers = options.styleLayers.equals(defaultStyleLayers(options.backbone)) ? null : options.styleLayers;
            contentWeight = options.contentWeight;
            styleWeight = options.styleWeight == defaultStyleWeight(options.lossScaling) ? null : options.styleWeight;
            tvWeight = options.tvWeight;
            lossScaling = options.lossScaling;
            styleWeights = options.styleWeights;
            preserveColor = options.preserveColor;
            optimizer = options.optimizer;
            learningRate = options.learningRate;
            lbfgsHistory = options.lbfgsHistory;
            initialization = options.initialization;
            iterations = options.iterations;
            scales = options.scales;
            plateau = options.plateau;
            photoDetail = options.photoDetail;
            tileSize = options.tileSize;
            seed = options.seed;
        }

        /**
         * Content layer by backbone: the documents' conv4_2, except on the normalised VGG-19, whose
         * shared copy ends at conv4_1: the deepest layer it has, in the same block and at the same
         * resolution as conv4_2 (and AdaIN's content layer on that very network).
         */
        static List<String> defaultContentLayers(BackboneChoice backbone) {
            return backbone.isNormalised() ? List.of("conv4_1") : List.of("conv4_2");
        }

        /**
         * Style layers by backbone: the documents' conv1_1 … conv5_1 with weights 1, 0.8, 0.5, 0.3,
         * 0.1; on the normalised VGG-19 the same without conv5_1, which its shared copy lacks (the
         * first layer of each block, as the paper chose).
         */
        static Map<String, Double> defaultStyleLayers(BackboneChoice backbone) {
            Map<String, Double> layers = new LinkedHashMap<>();
            layers.put("conv1_1", 1.0);
            layers.put("conv2_1", 0.8);
            layers.put("conv3_1", 0.5);
            layers.put("conv4_1", 0.3);
            if (!backbone.isNormalised()) {
                layers.put("conv5_1", 0.1);
            }
            return layers;
        }

        static double defaultStyleWeight(LossScaling scaling) {
            return scaling == LossScaling.DOCUMENTS ? DOCUMENTS_STYLE_WEIGHT : RELATIVE_STYLE_WEIGHT;
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

        /** Content layers; {@code null} restores the backbone's default. */
        public Builder optContentLayers(List<String> value) {
            contentLayers = value;
            return this;
        }

        /** Style layers and their weights; {@code null} restores the backbone's default. */
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

        /** Returns the style weight to the loss scaling's default. */
        public Builder optDefaultStyleWeight() {
            styleWeight = null;
            return this;
        }

        public Builder optTvWeight(double value) {
            tvWeight = value;
            return this;
        }

        public Builder optLossScaling(LossScaling value) {
            lossScaling = value;
            return this;
        }

        /** Blend weights of several paintings, one per painting; empty for equal weights. */
        public Builder optStyleWeights(List<Double> value) {
            styleWeights = value;
            return this;
        }

        public Builder optPreserveColor(ColorPreservation value) {
            preserveColor = value;
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

        /**
         * Relative loss decrease per iteration below which a coarse scale ends early (0: never); the
         * finest scale always runs its iterations.
         */
        public Builder optPlateau(double value) {
            plateau = value;
            return this;
        }

        /** Whether each finer scale starts with the photo's finer detail added to the coarser result. */
        public Builder optPhotoDetail(boolean value) {
            photoDetail = value;
            return this;
        }

        /** Longest tile side for large scales; 0 chooses from the memory available. */
        public Builder optTileSize(int value) {
            tileSize = value;
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        private List<String> resolvedContentLayers() {
            return contentLayers != null ? contentLayers : defaultContentLayers(backbone);
        }

        private Map<String, Double> resolvedStyleLayers() {
            return styleLayers != null ? styleLayers : defaultStyleLayers(backbone);
        }

        private double resolvedStyleWeight() {
            return styleWeight != null ? styleWeight : defaultStyleWeight(lossScaling);
        }

        /** Checks every value; a bad one is an {@link InvalidOptionException} naming the option. */
        public void validate() {
            require("size", size >= 16 && size <= MAXIMUM_SIZE,
                    "must be between 16 and " + MAXIMUM_SIZE + " pixels, got " + size);
            require("style-scale", styleScale > 0 && styleScale <= 8, "must be in (0, 8], got " + styleScale);
            require("iterations", iterations >= 0, "must not be negative, got " + iterations);
            require("scales", scales >= 0 && scales <= 8, "must be between 0 (automatic) and 8, got " + scales);
            require("plateau", plateau >= 0 && plateau <= 1, "must be between 0 (off) and 1, got " + plateau);
            require("tile-size", tileSize == 0 || (tileSize >= MINIMUM_TILE_SIZE && tileSize <= MAXIMUM_SIZE),
                    "must be 0 (automatic) or between " + MINIMUM_TILE_SIZE + " and " + MAXIMUM_SIZE
                            + " pixels, got " + tileSize);
            requireWeight("content-weight", contentWeight);
            requireWeight("style-weight", resolvedStyleWeight());
            requireWeight("tv-weight", tvWeight);
            require("lr", learningRate > 0 && Double.isFinite(learningRate), "must be positive, got " + learningRate);
            require("lbfgs-history", lbfgsHistory >= 1 && lbfgsHistory <= 1000,
                    "must be between 1 and 1000, got " + lbfgsHistory);
            require("content-layers", !resolvedContentLayers().isEmpty() || contentWeight == 0,
                    "at least one content layer is needed (or set {content-weight} to 0)");
            require("style-layers", !resolvedStyleLayers().isEmpty() || resolvedStyleWeight() == 0,
                    "at least one style layer is needed (or set {style-weight} to 0)");
            requireDistinctLayers("content-layers", resolvedContentLayers());
            requireDistinctLayers("style-layers", resolvedStyleLayers().keySet());
            resolvedStyleLayers().forEach((layer, weight) -> require("style-layers",
                    weight >= 0 && Double.isFinite(weight),
                    "weight of " + layer + " must be a finite number >= 0, got " + weight));
            double blendTotal = 0;
            for (Double weight : styleWeights) {
                require("style-weights", weight != null && weight >= 0 && Double.isFinite(weight),
                        "each weight must be a finite number >= 0, got " + weight);
                blendTotal += weight;
            }
            require("style-weights", styleWeights.isEmpty() || blendTotal > 0, "weights must not all be 0");
            if (scales > 0) {
                int coarsest = (int) Math.round(size / Math.pow(2, scales - 1));
                require("scales", coarsest >= 16, scales + " scales from {size} " + size + " would go below 16 px");
            }
            require("weights", weights == null || !backbone.needsNoFile(),
                    "cannot be combined with {backbone} " + backbone.displayName()
                            + (backbone.isRandom() ? " (random weights need no file)" : " (it comes with Atelier)"));
            if (backbone == BackboneChoice.EMBEDDED) {
                requireWithinEmbedded("content-layers", resolvedContentLayers());
                requireWithinEmbedded("style-layers", resolvedStyleLayers().keySet());
            }
        }

        /** The embedded network ends at conv4_1: a deeper layer is refused before any work starts. */
        private void requireWithinEmbedded(String key, Collection<String> layers) {
            VggArchitecture architecture = backbone.architecture();
            for (String layer : layers) {
                if (architecture.indexOf(layer) > architecture.indexOf(EmbeddedVgg.DEEPEST_LAYER)) {
                    throw new InvalidOptionException(key, BackboneLoader.deeperThanEmbedded(
                            architecture.canonicalName(layer)));
                }
            }
        }

        /** Every layer known to the backbone, and none named twice (conv1_1 and relu1_1 are one layer). */
        private void requireDistinctLayers(String key, Collection<String> layers) {
            VggArchitecture architecture = backbone.architecture();
            Map<String, String> seen = new LinkedHashMap<>();
            for (String layer : layers) {
                String canonical;
                try {
                    canonical = architecture.canonicalName(layer);
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
            return new GatysOptions(size, styleScale, backbone, weights, pooling, resolvedContentLayers(),
                    resolvedStyleLayers(), contentWeight, resolvedStyleWeight(), tvWeight, lossScaling,
                    new ArrayList<>(styleWeights), preserveColor, optimizer, learningRate, lbfgsHistory,
                    initialization, iterations, scales, plateau, photoDetail, tileSize, seed);
        }
    }
}
