package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.adain.AdainEncoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.AdainReport;
import dev.atelier.method.adain.AdainTrainer;
import dev.atelier.method.adain.AdainTrainingOptions;
import dev.atelier.method.adain.TorchvisionVggEncoder;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.Pooling;
import dev.atelier.report.JsonReports;
import dev.atelier.training.TrainingOptions;
import dev.atelier.training.TrainingResult;
import dev.atelier.weights.download.DownloadListener;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.KnownWeights;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier train-adain}: train an AdaIN decoder for a fixed encoder. */
@Command(name = "train-adain", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Train an AdaIN decoder on folders of photos and paintings (Huang and Belongie 2017).",
            "The best decoder so far is written to --output whenever validation improves; --output.ckpt lets an "
                    + "interrupted run (Ctrl-C) continue with --resume."})
public final class TrainAdainCommand implements Callable<Integer> {
    private static final AdainTrainingOptions DEFAULTS = AdainTrainingOptions.defaults();
    private static final TrainingOptions TRAINING = DEFAULTS.training();
    /** The encoders {@code --encoder-backbone} names. */
    private static final String REFERENCE_ENCODER = "vgg_normalised";


    @Option(names = "--content-dir", required = true, paramLabel = "DIR",
            description = "Photos (JPEG/PNG, sub-folders too), e.g. MS-COCO.")
    Path contentFolder;

    @Option(names = "--style-dir", required = true, paramLabel = "DIR",
            description = "Paintings (JPEG/PNG, sub-folders too), e.g. WikiArt.")
    Path styleFolder;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE.safetensors",
            description = "The decoder; its JSON report is written beside it.")
    Path output;

    @Option(names = "--encoder", paramLabel = "FILE",
            description = "A local encoder: vgg_normalised.pth, or torchvision VGG-19 weights (.pth/.safetensors).")
    Path encoderFile;

    @Option(names = "--encoder-backbone", paramLabel = "NAME",
            description = "Encoder when no --encoder file is given: vgg_normalised (the paper's, downloaded on "
                    + "first use; pairs with the reference release), vgg19 (torchvision ImageNet VGG-19, downloaded "
                    + "on first use) or random-vgg19 (seeded by --seed; for trials offline). Default: "
                    + REFERENCE_ENCODER + ".")
    String encoderBackbone;

    @Option(names = "--content-weight", paramLabel = "W", description = "Weight of the content loss.")
    double contentWeight = DEFAULTS.contentWeight();

    @Option(names = "--style-weight", paramLabel = "W", description = "Weight of the style loss.")
    double styleWeight = DEFAULTS.styleWeight();

    @Mixin
    TrainingOptionsMixin training = new TrainingOptionsMixin(TRAINING);

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ProgressLine line = new ProgressLine(err, ProgressLine.terminalAttached(), "train-adain");
        AdainTrainingOptions options = options();
        requireOutputs();
        Path checkpoint = AdainTrainer.checkpointOf(output);
        if (!training.resume && Files.exists(checkpoint)) {
            throw new BadInputException(checkpoint, "an earlier run's checkpoint is here; pass --resume to continue "
                    + "it, or delete it to start over");
        }
        if (training.resume && !Files.exists(checkpoint) && !training.quiet) {
            line.message("no checkpoint at " + checkpoint + "; starting from the beginning");
        }
        Cancellation cancellation = Interrupts.install(() -> line.message("stopping after this step and saving a "
                + "checkpoint (Ctrl-C again to quit at once)…"));
        Downloader downloader = new Downloader(WeightsCache.fromEnvironment());
        DownloadListener downloads = training.quiet ? DownloadListener.SILENT : new DownloadProgressPrinter(line);
        AdainTrainer.Inputs inputs = new AdainTrainer.Inputs(contentFolder, styleFolder, output);
        long started = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager();
                AdainEncoder encoder = encoder(downloader, downloads, line, manager)) {
            TrainingResult result = new AdainTrainer(encoder).train(inputs, options, training.resume,
                    new ImageLoader(new ReadOptions(training.maxPixels)), new TrainingProgress(line, training.quiet),
                    cancellation);
            line.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            JsonReports.write(AdainReport.training(inputs, options, encoder, result, seconds),
                    training.report != null ? training.report : JsonReports.sidecarOf(output));
            if (training.plot != null) {
                AdainReport.writeTrainingPlot(result, training.plot);
            }
            if (!training.quiet) {
                err.println(summary(result, checkpoint));
            }
            return result.cancelled() ? ExitCode.INTERRUPTED : ExitCode.SUCCESS;
        }
    }

    AdainTrainingOptions options() {
        return new AdainTrainingOptions(contentWeight, styleWeight, training.options());
    }

    private void requireOutputs() {
        if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            throw new BadInputException(output, "a decoder is written as safetensors: name it *.safetensors");
        }
        CliOutputs.requireFolder(output);
        if (training.report != null) {
            CliOutputs.requireFolder(training.report);
        }
        if (training.plot != null) {
            CliOutputs.requireImageOutput(training.plot);
        }
    }

    /** The --encoder file, else the --encoder-backbone network. */
    private AdainEncoder encoder(Downloader downloader, DownloadListener downloads, ProgressLine line,
            NDManager manager) {
        if (encoderFile != null) {
            if (encoderBackbone != null) {
                throw new BadInputException("--encoder names the encoder file; leave out --encoder-backbone");
            }
            return AdainModels.loadEncoder(encoderFile, manager);
        }
        String name = encoderBackbone == null ? REFERENCE_ENCODER : encoderBackbone.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case REFERENCE_ENCODER -> AdainModels.loadEncoder(downloader.fetch(KnownWeights.ADAIN_ENCODER, downloads),
                    manager);
            case "vgg19" -> new TorchvisionVggEncoder(new BackboneLoader(downloader).load(BackboneChoice.VGG19, null,
                    training.seed, "conv4_1", Pooling.MAX, manager, downloads,
                    warning -> line.message("atelier: warning: " + warning)));
            case "random-vgg19" -> TorchvisionVggEncoder.random(training.seed, manager);
            default -> throw new BadInputException("--encoder-backbone: expected vgg_normalised, vgg19 or "
                    + "random-vgg19, got '" + encoderBackbone + "'");
        };
    }

    private String summary(TrainingResult result, Path checkpoint) {
        String decoder = Files.exists(output)
                ? "decoder " + output + " is from step " + result.bestStep()
                        + (Double.isFinite(result.bestValidation())
                                ? String.format(Locale.ROOT, " (validation loss %.4g)", result.bestValidation()) : "")
                : "no decoder written yet (no validation had run)";
        if (result.cancelled()) {
            return "stopped at step " + result.steps() + "; " + decoder + "; continue with --resume (checkpoint "
                    + checkpoint + ")";
        }
        return (result.stoppedEarly() ? "stopped early at step " : "trained ") + result.steps() + " steps; " + decoder;
    }
}
