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
import dev.atelier.method.adain.AdainOptions;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.gatys.GatysReport;
import dev.atelier.method.gatys.GatysResult;
import dev.atelier.method.gatys.GatysStylizer;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.report.JsonReports;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier stylize}: repaint one photo in the style of one painting. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Repaint a photo in the style of a painting.",
            "Methods: gatys (optimise the image; default), feedforward (a trained network: --model), "
                    + "adain (any style in one pass)."})
final class StylizeCommand implements Callable<Integer> {
    private static final GatysOptions DEFAULTS = GatysOptions.defaults();
    private static final AdainOptions ADAIN_DEFAULTS = AdainOptions.defaults();

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

    @Mixin
    GatysOptionsMixin gatys = new GatysOptionsMixin();

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

    @Option(names = "--alpha", paramLabel = "A",
            description = "adain: style strength, 0 (the photo) to 1 (full style).")
    double alpha = ADAIN_DEFAULTS.alpha();

    @Option(names = "--style-weights", paramLabel = "W,...", split = ",",
            description = "adain: one weight per --style to blend several paintings (default: equal).")
    List<Double> styleWeights = new ArrayList<>();

    @Option(names = "--style-masks", paramLabel = "IMAGE", arity = "1..*",
            description = "adain: one mask per --style; each painting paints where its mask is bright.")
    List<Path> styleMasks = new ArrayList<>();

    @Option(names = "--preserve-color", description = "adain: keep the photo's colours.")
    boolean preserveColor = ADAIN_DEFAULTS.preserveColor();

    @Option(names = "--style-size", paramLabel = "PIXELS",
            description = "adain: longest side paintings are scaled to (default: the result size; 0: their own).")
    Integer styleSize;

    @Option(names = "--encoder", paramLabel = "FILE",
            description = "adain: encoder file (default: the one the decoder was trained with).")
    Path encoder;

    @Option(names = "--decoder", paramLabel = "FILE",
            description = "adain: decoder file (default: the reference release, downloaded on first use).")
    Path decoder;

    @Option(names = {"--quiet", "-q"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ProgressLine line = new ProgressLine(err, ProgressLine.terminalAttached(), "stylize");
        String chosen = method != null ? method.toLowerCase(Locale.ROOT) : model != null ? "feedforward"
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
            case "adain":
                return adain(err, line);
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
        return gatys.options(size == null ? DEFAULTS.size() : size).toBuilder().optSaveEvery(saveEvery).build();
    }

    private int adain(PrintStream err, ProgressLine line) {
        if (contents.size() != 1 || styles.isEmpty()) {
            throw new BadInputException("--method adain takes one --content image and one or more --style images");
        }
        if (model != null) {
            throw new BadInputException("--model is for --method feedforward");
        }
        if (!styleWeights.isEmpty() && styleWeights.size() != styles.size()) {
            throw new BadInputException("--style-weights: expected one weight per --style (" + styles.size()
                    + "), got " + styleWeights.size());
        }
        if (!styleMasks.isEmpty() && styleMasks.size() != styles.size()) {
            throw new BadInputException("--style-masks: expected one mask per --style (" + styles.size() + "), got "
                    + styleMasks.size());
        }
        int contentSize = size == null ? ADAIN_DEFAULTS.contentSize() : size;
        AdainOptions options = new AdainOptions(alpha, styleWeights, preserveColor, contentSize,
                styleSize == null ? contentSize : styleSize);
        return AdainStylizeSupport.run(new AdainStylizeSupport.Request(contents.get(0), styles, styleMasks, output,
                report, sideBySide, encoder, decoder, options, maxPixels, quiet), line, err);
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
