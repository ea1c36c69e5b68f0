package dev.atelier.cli;

import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.Initialization;
import dev.atelier.method.gatys.OptimizerKind;
import dev.atelier.nn.BackboneChoice;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The optimisation options every command that runs Gatys et al. shares, declared once. The size is
 * left to each command, since what it means (and its default) differs between methods.
 */
final class GatysOptionsMixin {
    private static final GatysOptions DEFAULTS = GatysOptions.defaults();

    @Option(names = "--style-scale", paramLabel = "FACTOR",
            description = "Style image size relative to the content image's.")
    double styleScale = DEFAULTS.styleScale();

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations in all (0 only evaluates the start).")
    int iterations = DEFAULTS.iterations();

    @Option(names = "--scales", paramLabel = "N",
            description = "Scales, coarse to fine, each half the next (0: automatic, coarsest >= 128 px; 1: off).")
    int scales = DEFAULTS.scales();

    @Option(names = "--optimizer", paramLabel = "NAME", description = "lbfgs or adam.")
    String optimizer = OptionParsing.lowerName(DEFAULTS.optimizer());

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate (normalised image units).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--lbfgs-history", paramLabel = "N", description = "L-BFGS memory (curvature pairs).")
    int lbfgsHistory = DEFAULTS.lbfgsHistory();

    @Option(names = "--init", paramLabel = "FROM", description = "Starting image: content, noise or style.")
    String initialization = OptionParsing.lowerName(DEFAULTS.initialization());

    @Option(names = "--content-weight", paramLabel = "ALPHA", description = "Weight of the content loss.")
    double contentWeight = DEFAULTS.contentWeight();

    @Option(names = "--style-weight", paramLabel = "BETA", description = "Weight of the style loss.")
    double styleWeight = DEFAULTS.styleWeight();

    @Option(names = "--tv-weight", paramLabel = "GAMMA", description = "Weight of the total-variation loss.")
    double tvWeight = DEFAULTS.tvWeight();

    @Option(names = "--content-layers", paramLabel = "LAYERS", description = "Comma-separated content layers.")
    String contentLayers = String.join(",", DEFAULTS.contentLayers());

    @Option(names = "--style-layers", paramLabel = "LAYER=W,...", description = "Style layers and their weights.")
    String styleLayers = OptionParsing.weightedLayersText(DEFAULTS.styleLayers());

    @Option(names = "--backbone", paramLabel = "NAME",
            description = "vgg19, vgg16, random-vgg19, random-vgg16 or auto (real VGG-19 if obtainable, else random).")
    String backbone = DEFAULTS.backbone().displayName();

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Local torchvision VGG weights (.pth or .safetensors) instead of the download.")
    Path weights;

    @Option(names = "--pool", paramLabel = "KIND", description = "Pooling between VGG blocks: max or avg.")
    String pooling = OptionParsing.poolingText(DEFAULTS.pooling());

    @Option(names = "--seed", paramLabel = "N", description = "Seed for noise, random backbones and random crops.")
    long seed = DEFAULTS.seed();

    /** The options with the given size (each command decides its size), checked. */
    GatysOptions options(int size) {
        return GatysOptions.builder()
                .optSize(size)
                .optStyleScale(styleScale)
                .optIterations(iterations)
                .optScales(scales)
                .optOptimizer(OptionParsing.choice("--optimizer", optimizer, OptimizerKind.class))
                .optLearningRate(learningRate)
                .optLbfgsHistory(lbfgsHistory)
                .optInitialization(OptionParsing.choice("--init", initialization, Initialization.class))
                .optContentWeight(contentWeight)
                .optStyleWeight(styleWeight)
                .optTvWeight(tvWeight)
                .optContentLayers(OptionParsing.layers(contentLayers))
                .optStyleLayers(OptionParsing.weightedLayers("--style-layers", styleLayers))
                .optBackbone(BackboneChoice.parse(backbone))
                .optWeights(weights)
                .optPooling(OptionParsing.pooling(pooling))
                .optSeed(seed)
                .build();
    }

    long seed() {
        return seed;
    }
}
