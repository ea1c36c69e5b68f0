package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainEncoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.pipeline.AdainPairs;
import dev.atelier.pipeline.BatchInputs;
import dev.atelier.pipeline.BatchListener;
import dev.atelier.pipeline.BatchOptions;
import dev.atelier.pipeline.BatchPlan;
import dev.atelier.pipeline.BatchProgress;
import dev.atelier.pipeline.BatchRunner;
import dev.atelier.pipeline.BatchStarted;
import dev.atelier.pipeline.BatchSummary;
import dev.atelier.pipeline.CropMode;
import dev.atelier.pipeline.FailedPair;
import dev.atelier.pipeline.FeedForwardPairs;
import dev.atelier.pipeline.GatysPairs;
import dev.atelier.pipeline.OutputLayout;
import dev.atelier.pipeline.PairFinished;
import dev.atelier.pipeline.PairMethod;
import dev.atelier.pipeline.PairProgress;
import dev.atelier.pipeline.PairStatus;
import dev.atelier.pipeline.PairsCsv;
import dev.atelier.pipeline.ResultFormat;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.weights.download.DownloadListener;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.KnownWeights;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code atelier batch}: every photo with every style (or trained model), resumable, with a contact
 * sheet and an index page. The work is {@link BatchRunner}'s; this class reads the command line,
 * loads the networks once and shows progress.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Repaint every photo in the style of every painting (or with every trained model).",
            "Rerunning the same command skips finished pairs and redoes failed or interrupted ones."})
final class BatchCommand implements Callable<Integer> {
    /** Size of Gatys and AdaIN results when --size is not given. */
    private static final int DEFAULT_SIZE = GatysOptions.defaults().size();
    /** Failures listed at the end; the manifest and index hold them all. */
    private static final int FAILURES_SHOWN = 20;

    @Option(names = "--content", paramLabel = "PATH", arity = "1..*",
            description = "Photos: image files or folders of them.")
    List<Path> contents = new ArrayList<>();

    @Option(names = "--style", paramLabel = "PATH", arity = "1..*",
            description = "Paintings: image files or folders of them.")
    List<Path> styles = new ArrayList<>();

    @Option(names = "--input", paramLabel = "DIR",
            description = "One folder holding content_* photos and style_* paintings (with --model, only the "
                    + "photos are used).")
    Path input;

    @Option(names = "--pairs", paramLabel = "FILE.csv",
            description = "Explicit pairs, one 'content,style[,name]' line each (paths relative to the file; "
                    + "with --method feedforward the second column is a model).")
    Path pairs;

    @Option(names = "--model", paramLabel = "PATH", arity = "1..*",
            description = "Trained feed-forward networks (Atelier model file, pytorch/examples .pth, "
                    + "fast-style-transfer variable folder): every photo with every model.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--method", paramLabel = "NAME",
            description = "gatys, feedforward or adain (default: feedforward with --model, else gatys).")
    String method;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "DIR",
            description = "Folder for results, reports, manifest.json, the contact sheet and index.html "
                    + "(created if missing).")
    Path output;

    @Option(names = "--numbered",
            description = "One folder per pair, gen_0, gen_1, …, holding its result and report.")
    boolean numbered;

    @Option(names = "--format", paramLabel = "EXT", defaultValue = "png", description = "Result format: png or jpg.")
    String format;

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Longest side of the results, or the square's side with --crop (default: "
                    + "512 for gatys and adain; each photo's own size for models).")
    Integer size;

    @Option(names = "--crop", paramLabel = "KIND", defaultValue = "none",
            description = "none, center or random: cut photos to a --size square (random crops are seeded by "
                    + "--seed and the pair's name, so reruns cut alike).")
    String crop;

    @Option(names = "--overwrite", description = "Redo every pair, replacing what an earlier run left.")
    boolean overwrite;

    @Option(names = "--cell-size", paramLabel = "PIXELS", description = "Contact sheet cell size.")
    int cellSize = 160;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Photos run through a feed-forward network at once (equal sizes only, e.g. with --crop); "
                    + "1 is fastest on CPUs, larger batches may help on a GPU.")
    int batchSize = 1;

    @Option(names = "--encoder", paramLabel = "FILE",
            description = "adain: encoder weights (default: the reference vgg_normalised, downloaded once).")
    Path encoder;

    @Option(names = "--decoder", paramLabel = "FILE",
            description = "adain: decoder weights (default: the reference decoder, downloaded once).")
    Path decoder;

    @Option(names = "--alpha", paramLabel = "A", description = "adain: style strength, 0 (photo) to 1 (full style).")
    double alpha = 1.0;

    @Option(names = "--preserve-color", description = "adain: keep the photo's colours.")
    boolean preserveColor;

    @Option(names = "--style-size", paramLabel = "PIXELS",
            description = "adain: longest side paintings are scaled to (default: the result size; 0: their own).")
    Integer styleSize;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse input images larger than this.")
    long maxPixels = ReadOptions.defaults().maxPixels();

    @Option(names = {"--quiet", "-q"}, description = "No progress output (failures are still listed).")
    boolean quiet;

    @Mixin
    GatysOptionsMixin gatys = new GatysOptionsMixin();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        String chosen = chosenMethod();
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("--alpha must be between 0 and 1, got " + alpha);
        }
        BatchPlan plan = plan(chosen);
        int resultSize = size != null ? size : chosen.equals("feedforward") ? 0 : DEFAULT_SIZE;
        BatchOptions options = BatchOptions.builder(output)
                .optLayout(numbered ? OutputLayout.NUMBERED : OutputLayout.FLAT)
                .optFormat(ResultFormat.parse(format))
                .optSize(resultSize)
                .optCrop(CropMode.parse(crop))
                .optSeed(gatys.seed())
                .optOverwrite(overwrite)
                .optCellSize(cellSize)
                .optBatchSize(batchSize)
                .optReadOptions(new ReadOptions(maxPixels))
                .build();
        ProgressLine line = new ProgressLine(err, ProgressLine.terminalAttached(), "batch");
        DownloadListener downloads = quiet ? DownloadListener.SILENT : new DownloadProgressPrinter(line);
        return switch (chosen) {
            case "gatys" -> gatys(plan, options, line, downloads);
            case "adain" -> adain(plan, options, line, downloads);
            default -> {
                try (FeedForwardPairs feedForward = new FeedForwardPairs()) {
                    yield run(feedForward, plan, options, line);
                }
            }
        };
    }

    private String chosenMethod() {
        String chosen = method != null ? method.trim().toLowerCase(Locale.ROOT) : models.isEmpty() ? "gatys"
                : "feedforward";
        if (!List.of("gatys", "feedforward", "adain").contains(chosen)) {
            throw new BadInputException("--method: expected gatys, feedforward or adain, got '" + method + "'");
        }
        if (!models.isEmpty() && !chosen.equals("feedforward")) {
            throw new BadInputException("--model is for --method feedforward");
        }
        return chosen;
    }

    /** The pairs, from whichever of --content/--style, --input or --pairs was given. */
    private BatchPlan plan(String chosen) {
        int forms = (contents.isEmpty() ? 0 : 1) + (input == null ? 0 : 1) + (pairs == null ? 0 : 1);
        if (forms != 1) {
            throw new BadInputException("give the photos one way: --content (with --style or --model), --input DIR, "
                    + "or --pairs FILE.csv");
        }
        boolean withModels = chosen.equals("feedforward");
        if (pairs != null) {
            if (!styles.isEmpty() || !models.isEmpty()) {
                throw new BadInputException("--pairs lists the styles itself; leave out --style and --model");
            }
            return PairsCsv.read(pairs);
        }
        if (withModels && models.isEmpty()) {
            throw new BadInputException("--method feedforward needs --model PATH (or --pairs with model paths)");
        }
        if (withModels && !styles.isEmpty()) {
            throw new BadInputException("--style is not used with --model: each network's style is built in");
        }
        List<Path> photos = input != null ? BatchInputs.contentsIn(input) : BatchInputs.images(contents, "content");
        if (withModels) {
            return BatchPlan.crossProduct(photos, BatchInputs.models(models));
        }
        if (input != null && !styles.isEmpty()) {
            throw new BadInputException("--input holds the styles itself (style_* images); leave out --style");
        }
        if (input == null && styles.isEmpty()) {
            throw new BadInputException("--method " + chosen
                    + " needs --style images (or --model for trained networks)");
        }
        List<Path> paintings = input != null ? BatchInputs.stylesIn(input) : BatchInputs.images(styles, "style");
        return BatchPlan.crossProduct(photos, paintings);
    }

    private int gatys(BatchPlan plan, BatchOptions options, ProgressLine line, DownloadListener downloads) {
        GatysOptions settings = gatys.options(options.size());
        try (NDManager manager = NDManager.newBaseManager();
                Backbone network = new BackboneLoader(new Downloader(WeightsCache.fromEnvironment())).load(
                        settings.backbone(), settings.weights(), settings.seed(),
                        StylizeCommand.deepestLayer(settings), settings.pooling(), manager, downloads,
                        warning -> line.message("atelier: warning: " + warning));
                GatysPairs method = new GatysPairs(network, settings)) {
            return run(method, plan, options, line);
        }
    }

    private int adain(BatchPlan plan, BatchOptions options, ProgressLine line, DownloadListener downloads) {
        Downloader downloader = new Downloader(WeightsCache.fromEnvironment());
        Path decoderFile = decoder != null ? decoder : downloader.fetch(KnownWeights.ADAIN_DECODER, downloads);
        Path encoderFile = encoder != null ? encoder : downloader.fetch(KnownWeights.ADAIN_ENCODER, downloads);
        AdainModels.LoadedDecoder decoderWeights = AdainModels.readDecoder(decoderFile);
        AdainModels.EncoderKind encoderKind = AdainModels.encoderKind(encoderFile);
        if (decoderWeights.encoder() != encoderKind) {
            throw new BadInputException(decoderFile, "this decoder was trained for the "
                    + decoderWeights.encoder().displayName() + " encoder, but " + encoderFile + " is a "
                    + encoderKind.displayName() + " encoder");
        }
        int paintingSize = styleSize != null ? styleSize : options.size();
        try (NDManager manager = NDManager.newBaseManager();
                AdainEncoder encoderNetwork = AdainModels.loadEncoder(encoderFile, manager);
                AdainDecoder decoderNetwork = AdainDecoder.fromStateDict(decoderWeights.weights(), manager)) {
            AdainPairs.Settings settings = new AdainPairs.Settings(alpha, preserveColor, paintingSize, options.size(),
                    encoderNetwork.description(), encoderNetwork.weightsSha256(), decoderFile.toString(),
                    WeightsFiles.sha256(decoderFile));
            try (AdainPairs method = new AdainPairs(new AdainStylizer(encoderNetwork, decoderNetwork), settings)) {
                return run(method, plan, options, line);
            }
        }
    }

    private int run(PairMethod<?> method, BatchPlan plan, BatchOptions options, ProgressLine line) {
        Cancellation cancellation = Interrupts.install(() -> line.message("stopping; the pair under way is left "
                + "for the next run (Ctrl-C again to quit at once)…"));
        BatchSummary summary = new BatchRunner(method, options).run(plan, new Progress(line, quiet), cancellation);
        line.finish();
        report(summary, System.err);
        if (summary.cancelled()) {
            return ExitCode.INTERRUPTED;
        }
        return summary.failed() > 0 ? ExitCode.PARTIAL_FAILURE : ExitCode.SUCCESS;
    }

    private void report(BatchSummary summary, PrintStream err) {
        if (!quiet || summary.failed() > 0) {
            err.printf(Locale.ROOT, "batch: %d of %d pairs done (%d made now, %d kept from before), %d failed, "
                    + "%d left; %.1f s%n", summary.done() + summary.skipped(), summary.total(), summary.done(),
                    summary.skipped(), summary.failed(), summary.pending(), summary.seconds());
        }
        List<FailedPair> failures = summary.failures();
        if (!failures.isEmpty()) {
            err.println("failed pairs (run the same command again to retry them):");
            failures.stream().limit(FAILURES_SHOWN).forEach(failure ->
                    err.println("  " + failure.name() + ": " + failure.error()));
            if (failures.size() > FAILURES_SHOWN) {
                err.println("  … and " + (failures.size() - FAILURES_SHOWN) + " more in " + summary.manifest());
            }
        }
        if (!quiet) {
            err.println("see " + summary.index() + " and " + summary.contactSheet());
        }
    }

    /** The batch's progress on one line: pairs done, pairs per minute, ETA. */
    private static final class Progress implements BatchListener {
        private final ProgressLine line;
        private final boolean quiet;

        Progress(ProgressLine line, boolean quiet) {
            this.line = line;
            this.quiet = quiet;
        }

        @Override
        public void onStarted(BatchStarted event) {
            if (!quiet) {
                line.message(String.format(Locale.ROOT, "batch: %d pairs with %s into %s%s", event.total(),
                        event.method(), event.outputFolder(), event.skipped() > 0
                                ? " (" + event.skipped() + " already done, " + event.toDo() + " to make)" : ""));
            }
        }

        @Override
        public void onPairProgress(PairProgress event) {
            show(event.progress(), event.fraction(), event.name());
        }

        @Override
        public void onPairFinished(PairFinished event) {
            if (event.status() == PairStatus.FAILED) {
                line.message("atelier: error: " + event.name() + ": " + event.error());
            }
            show(event.progress(), 0, event.name());
        }

        @Override
        public void onWarning(String message) {
            line.message("atelier: warning: " + message);
        }

        private void show(BatchProgress progress, double fraction, String name) {
            if (quiet) {
                return;
            }
            int toDo = progress.total() - progress.skipped();
            line.update(progress.fraction(fraction), (progress.done() + progress.failed()) + "/" + toDo,
                    progress.elapsedSeconds(), progress.secondsRemaining(),
                    String.format(Locale.ROOT, "%.1f pairs/min %s", progress.pairsPerMinute(), name));
        }
    }
}
