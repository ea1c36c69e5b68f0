package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.feedforward.FeedForwardTrainer;
import dev.atelier.method.feedforward.FeedForwardTrainingOptions;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.TransformerLayout;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.report.JsonReports;
import dev.atelier.report.LossPlot;
import dev.atelier.training.TrainingHistory;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier train}: train a fast style transfer network for one painting (Johnson et al.). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Train a feed-forward network that repaints any photo in one painting's style "
                + "(Johnson et al. 2016), on a folder of photos.")
public final class TrainCommand implements Callable<Integer> {
    private static final FeedForwardTrainingOptions DEFAULTS = FeedForwardTrainingOptions.defaults();
    private static final TrainingOptions TRAINING = DEFAULTS.training();


    @Option(names = "--style", required = true, paramLabel = "IMAGE", description = "The painting.")
    Path style;

    @Option(names = "--data", required = true, paramLabel = "FOLDER",
            description = "Training photos (.jpg/.png, sub-folders included), e.g. COCO train2014.")
    Path data;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "MODEL",
            description = "Model file to write; its checkpoint (MODEL.ckpt) and JSON report go beside it.")
    Path output;

    @Option(names = "--content-weight", paramLabel = "ALPHA", description = "Weight of the content loss.")
    double contentWeight = DEFAULTS.contentWeight();

    @Option(names = "--style-weight", paramLabel = "BETA", description = "Weight of the style loss.")
    double styleWeight = DEFAULTS.styleWeight();

    @Option(names = "--tv-weight", paramLabel = "GAMMA", description = "Weight of the total-variation loss.")
    double tvWeight = DEFAULTS.tvWeight();

    @Option(names = "--content-layer", paramLabel = "LAYER", description = "Loss network layer for content.")
    String contentLayer = DEFAULTS.contentLayer();

    @Option(names = "--style-layers", paramLabel = "LAYERS", description = "Comma-separated style layers.")
    String styleLayers = String.join(",", DEFAULTS.styleLayers());

    @Option(names = "--style-size", paramLabel = "PIXELS",
            description = "Longest side the painting is resized to (0: as it is).")
    int styleSize = DEFAULTS.styleSize();

    @Option(names = "--backbone", paramLabel = "NAME",
            description = "Loss network: vgg16, vgg19, random-vgg16, random-vgg19 or auto.")
    String backbone = DEFAULTS.backbone().displayName();

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Local torchvision VGG weights (.pth or .safetensors) instead of the download.")
    Path weights;

    @Option(names = "--layout", paramLabel = "NAME", description = "Network layout: pytorch-examples or tensorflow.")
    String layout = DEFAULTS.layout().displayName();

    @Mixin
    TrainingOptionsMixin training = new TrainingOptionsMixin(TRAINING);

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ProgressLine line = new ProgressLine(err, ProgressLine.terminalAttached(), "train");
        FeedForwardTrainingOptions options = options();
        CliOutputs.requireFolder(output);
        Path reportFile = training.report != null ? training.report : JsonReports.sidecarOf(output);
        CliOutputs.requireFolder(reportFile);
        if (training.plot != null) {
            CliOutputs.requireImageOutput(training.plot);
        }
        Path checkpoint = FeedForwardTrainer.checkpointOf(output);
        if (!training.resume && checkpoint.toFile().isFile()) {
            throw new BadInputException(checkpoint, "a checkpoint of an earlier run exists; pass --resume to "
                    + "continue it, or delete it to start over");
        }
        ImageLoader loader = new ImageLoader(new ReadOptions(training.maxPixels));
        RgbImage painting = loader.read(style);
        Cancellation cancellation = Interrupts.install(() -> line.message("stopping after this step and saving a "
                + "checkpoint (Ctrl-C again to quit at once)…"));
        TrainingProgress listener = new TrainingProgress(line, training.quiet);
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = new BackboneLoader(new Downloader(WeightsCache.fromEnvironment())).load(
                        options.backbone(), options.weights(), training.seed, deepestLayer(options), Pooling.MAX,
                        manager,
                        new DownloadProgressPrinter(line), listener::onWarning)) {
            FeedForwardTrainer.Inputs inputs = new FeedForwardTrainer.Inputs(data, style, output);
            TrainingResult result = new FeedForwardTrainer(network).train(inputs, painting, options,
                    training.resume, loader, listener, cancellation);
            line.finish();
            JsonReports.write(report(inputs, options, network, result), reportFile);
            if (training.plot != null) {
                writePlot(result.history(), training.plot);
            }
            if (!training.quiet) {
                err.printf(Locale.ROOT, "%s %s (best step %d of %d%s)%s%n",
                        result.cancelled() ? "stopped; kept" : "wrote", output, result.bestStep(), result.steps(),
                        Double.isNaN(result.bestValidation()) ? ""
                                : String.format(Locale.ROOT, ", validation loss %.4g", result.bestValidation()),
                        result.cancelled() ? "; continue with --resume" : result.stoppedEarly()
                                ? "; stopped early: validation stopped improving" : "");
            }
            return result.cancelled() ? ExitCode.INTERRUPTED : ExitCode.SUCCESS;
        }
    }

    FeedForwardTrainingOptions options() {
        BackboneChoice choice = BackboneChoice.parse(backbone);
        List<String> layers = OptionParsing.layers(styleLayers);
        VggArchitecture architecture = choice.architecture();
        architecture.indexOf(contentLayer);
        layers.forEach(architecture::indexOf);
        return new FeedForwardTrainingOptions(styleSize, contentWeight, styleWeight, tvWeight, contentLayer, layers,
                choice, weights, TransformerLayout.parse(layout), training.options());
    }

    /** The deepest layer any loss reads: the loss network is loaded only that far. */
    static String deepestLayer(FeedForwardTrainingOptions options) {
        VggArchitecture architecture = options.backbone().architecture();
        int deepest = architecture.indexOf(options.contentLayer());
        for (String layer : options.styleLayers()) {
            deepest = Math.max(deepest, architecture.indexOf(layer));
        }
        return architecture.convolutions().get(deepest).name();
    }

    private JsonObject report(FeedForwardTrainer.Inputs inputs, FeedForwardTrainingOptions options, Backbone network,
            TrainingResult result) {
        JsonObject json = JsonReports.newReport("train", "feedforward");
        json.addProperty("model", output.toString());
        json.addProperty("checkpoint", FeedForwardTrainer.checkpointOf(output).toString());
        json.add("settings", FeedForwardTrainer.settings(inputs, options));
        JsonObject backboneJson = new JsonObject();
        backboneJson.addProperty("name", network.name());
        backboneJson.addProperty("weights", network.weightsSource());
        backboneJson.addProperty("sha256", network.weightsSha256());
        json.add("backbone", backboneJson);
        JsonObject outcome = new JsonObject();
        outcome.addProperty("steps", result.steps());
        outcome.addProperty("best_step", result.bestStep());
        outcome.addProperty("best_validation", result.bestValidation());
        outcome.addProperty("stopped_early", result.stoppedEarly());
        outcome.addProperty("cancelled", result.cancelled());
        json.add("result", outcome);
        json.add("history", JsonReports.toJson(result.history()));
        return json;
    }

    static void writePlot(List<TrainingHistory.Entry> history, Path file) {
        LossPlot plot = new LossPlot("training loss", "step");
        for (TrainingHistory.Entry entry : history) {
            plot.add("total", entry.step(), entry.total());
            entry.terms().forEach((name, value) -> plot.add(name, entry.step(), value));
            if (!Double.isNaN(entry.validation())) {
                plot.add("validation", entry.step(), entry.validation());
            }
        }
        plot.write(file, 900, 600);
    }
}
