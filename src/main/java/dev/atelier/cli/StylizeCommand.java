package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.Compositor;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysReport;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.method.gatys.Initialization;
import dev.atelier.method.gatys.OptimizerKind;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.report.JsonReports;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier stylize}: repaint one photo in the style of one painting. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Repaint a photo in the style of a painting.",
            "Methods: gatys (optimise the image; default), feedforward (a trained network: --model), "
                    + "adain (any style in one pass)."})
final class StylizeCommand implements Callable<Integer> {
    private static final GatysOptions DEFAULTS = GatysOptions.defaults();

    @Option(names = "--method", paramLabel = "NAME",
            description = "gatys, feedforward or adain (default: feedforward with --model, else gatys).")
    String method;

    @Option(names = "--content", required = true, paramLabel = "IMAGE", arity = "1..*",
            description = "The photo to repaint (with --model: several files or folders).")
    List<Path> contents;

    @Option(names = "--style", paramLabel = "IMAGE", arity = "1..*",
            description = "The painting whose style to use (adain: several, blended by --style-weights).")
    List<Path> styles = new ArrayList<>();

    @Option(names = "--model", paramLabel = "PATH",
            description = "A feed-forward network: an Atelier model file, a pytorch/examples .pth, or a "
                    + "fast-style-transfer variable folder.")
    Path model;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "Result image (.png or .jpg), or a folder for several photos; a JSON report is "
                    + "written beside each result.")
    Path output;

    @Option(names = "--format", paramLabel = "EXT", defaultValue = "png",
            description = "Image format of results written into an output folder: png or jpg.")
    String format;

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Longest side of the result (default: 512 for gatys and adain; for --model the photo's "
                    + "own size).")
    Integer size;

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

    @Option(names = "--seed", paramLabel = "N", description = "Seed for noise and random backbones.")
    long seed = DEFAULTS.seed();

    @Option(names = "--save-every", paramLabel = "N", description = "Save an intermediate image every N iterations.")
    int saveEvery = DEFAULTS.saveEvery();

    @Option(names = "--report", paramLabel = "FILE.json", description = "Report path (default: output with .json).")
    Path report;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the loss curves.")
    Path plot;

    @Option(names = "--side-by-side", paramLabel = "FILE", description = "Also write content | style | result.")
    Path sideBySide;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse input images larger than this.")
    long maxPixels = ReadOptions.defaults().maxPixels();

    @Option(names = {"--quiet", "-q"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ProgressLine line = new ProgressLine(err, ProgressLine.terminalAttached(), "stylize");
        String chosen = method != null ? method.toLowerCase(java.util.Locale.ROOT) : model != null ? "feedforward"
                : "gatys";
        switch (chosen) {
            case "feedforward":
                if (model == null) {
                    throw new BadInputException("--method feedforward needs --model PATH");
                }
                if (!styles.isEmpty()) {
                    throw new BadInputException("--style is not used with --model: the network's style is built in");
                }
                return FeedForwardRun.run(model, contents, output, size == null ? 0 : size, format,
                        new ImageLoader(new ReadOptions(maxPixels)), line, quiet, err);
            case "gatys":
                return gatys(err, line);
            default:
                throw new BadInputException("--method: expected gatys, feedforward or adain, got '" + method + "'");
        }
    }

    private int gatys(PrintStream err, ProgressLine line) {
        if (contents.size() != 1 || styles.size() != 1) {
            throw new BadInputException("optimisation takes exactly one --content and one --style image");
        }
        if (model != null) {
            throw new BadInputException("--model is for --method feedforward");
        }
        Path content = contents.get(0);
        Path style = styles.get(0);
        GatysOptions options = options();
        CliOutputs.requireImageOutput(output);
        Path reportFile = report != null ? report : JsonReports.sidecarOf(output);
        CliOutputs.requireFolder(reportFile);
        if (plot != null) {
            CliOutputs.requireImageOutput(plot);
        }
        if (sideBySide != null) {
            CliOutputs.requireImageOutput(sideBySide);
        }
        ImageLoader loader = new ImageLoader(new ReadOptions(maxPixels));
        RgbImage contentImage = loader.read(content);
        RgbImage styleImage = loader.read(style);
        Cancellation cancellation = Interrupts.install(() -> line.message("stopping after this iteration "
                + "(Ctrl-C again to quit at once)…"));
        GatysProgress progress = new GatysProgress(line, output, quiet);
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = new BackboneLoader(new Downloader(WeightsCache.fromEnvironment())).load(
                        options.backbone(), options.weights(), options.seed(), deepestLayer(options),
                        options.pooling(), manager, new DownloadProgressPrinter(line), progress::onWarning)) {
            GatysResult result = new GatysStylizer(network).stylize(contentImage, styleImage, options, progress,
                    cancellation);
            line.finish();
            new ImageSaver().write(result.image(), output);
            Map<String, Path> inputs = new LinkedHashMap<>();
            inputs.put("content", content);
            inputs.put("style", style);
            JsonObject json = GatysReport.toJson(options, network, result, inputs, output);
            JsonReports.write(json, reportFile);
            if (plot != null) {
                GatysReport.writePlot(options, result, plot);
            }
            if (sideBySide != null) {
                new ImageSaver().write(Compositor.sideBySide(List.of(contentImage, styleImage, result.image()), 8,
                        new float[] {1, 1, 1}), sideBySide);
            }
            if (!quiet) {
                err.printf("wrote %s (%dx%d, %s backbone, loss %.4g after %d iterations, %.1f s)%n", output,
                        result.image().width(), result.image().height(), network.name(), result.last().total(),
                        result.last().iteration(), result.seconds());
            }
            return result.cancelled() ? ExitCode.INTERRUPTED : ExitCode.SUCCESS;
        }
    }

    GatysOptions options() {
        return GatysOptions.builder()
                .optSize(size == null ? DEFAULTS.size() : size)
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
                .optSaveEvery(saveEvery)
                .build();
    }

    /** The deepest layer any loss reads: the backbone is loaded only that far. */
    static String deepestLayer(GatysOptions options) {
        var architecture = options.backbone().architecture();
        String deepest = null;
        int deepestIndex = -1;
        for (String layer : options.contentLayers()) {
            int index = architecture.indexOf(layer);
            if (index > deepestIndex) {
                deepestIndex = index;
                deepest = layer;
            }
        }
        for (String layer : options.styleLayers().keySet()) {
            int index = architecture.indexOf(layer);
            if (index > deepestIndex) {
                deepestIndex = index;
                deepest = layer;
            }
        }
        return architecture.canonicalName(deepest);
    }
}
