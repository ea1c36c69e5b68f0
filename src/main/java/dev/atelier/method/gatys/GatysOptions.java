package dev.atelier.method.gatys;

import dev.atelier.BadInputException;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.Pooling;
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
        Initialization initialization, int iterations, int scales, long seed, int saveEvery) {

    /** Largest size accepted: beyond it no machine we know of has the memory. */
    public static final int MAXIMUM_SIZE = 16384;

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

        /** Checks every value; a bad one is a {@link BadInputException} naming the option. */
        public void validate() {
            require(size >= 16 && size <= MAXIMUM_SIZE,
                    "size must be between 16 and " + MAXIMUM_SIZE + " pixels, got " + size);
            require(styleScale > 0 && styleScale <= 8, "style scale must be in (0, 8], got " + styleScale);
            require(iterations >= 0, "iterations must not be negative, got " + iterations);
            require(scales >= 0 && scales <= 8, "scales must be between 0 (automatic) and 8, got " + scales);
            require(saveEvery >= 0, "save-every must not be negative, got " + saveEvery);
            requireWeight("content weight", contentWeight);
            requireWeight("style weight", styleWeight);
            requireWeight("tv weight", tvWeight);
            require(learningRate > 0 && Double.isFinite(learningRate),
                    "learning rate must be positive, got " + learningRate);
            require(lbfgsHistory >= 1 && lbfgsHistory <= 1000,
                    "L-BFGS history must be between 1 and 1000, got " + lbfgsHistory);
            require(!contentLayers.isEmpty() || contentWeight == 0, "at least one content layer is needed");
            require(!styleLayers.isEmpty() || styleWeight == 0, "at least one style layer is needed");
            styleLayers.forEach((layer, weight) -> requireWeight("weight of style layer " + layer, weight));
            if (scales > 0) {
                int coarsest = (int) Math.round(size / Math.pow(2, scales - 1));
                require(coarsest >= 16, scales + " scales from " + size + " px would go below 16 px");
            }
        }

        private static void requireWeight(String name, double value) {
            require(value >= 0 && Double.isFinite(value), name + " must be a finite number >= 0, got " + value);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new BadInputException(message);
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
