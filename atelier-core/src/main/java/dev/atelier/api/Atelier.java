package dev.atelier.api;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.batch.BatchMerge;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.BatchRunner;
import dev.atelier.batch.BatchSummary;
import dev.atelier.device.DeviceChoice;
import dev.atelier.device.RunDevice;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RemovableLock;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodContext;
import dev.atelier.method.RunContext;
import dev.atelier.method.TrainingInput;
import dev.atelier.method.TrainingJob;
import dev.atelier.method.TrainingMethod;
import dev.atelier.method.TrainingOutcome;
import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.ModelImport;
import dev.atelier.models.ModelStatus;
import dev.atelier.models.ModelStore;
import dev.atelier.nn.GradientRecording;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import dev.atelier.output.Finished;
import dev.atelier.output.Output;
import dev.atelier.output.OutputClaims;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.Warning;
import dev.atelier.report.HistoryEntry;
import dev.atelier.report.LossPlot;
import dev.atelier.report.Report;
import dev.atelier.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The one way in, in three steps as DJL splits criteria, model and predictor:
 * <ol>
 *   <li>a <b>plan</b> ({@link #plan(StylizeRequest)}, {@link #plan(BatchRequest)},
 *       {@link #plan(TrainRequest)}, {@link #planImport}): the request checked whole, before any work
 *       and without side effects (the method and its options, every input present and large enough,
 *       no output overwriting an input or another output, every output folder writable); every front
 *       end validates here and nowhere else;</li>
 *   <li>an open <b>stylist</b> ({@link #open(StylistRequest, RunListener)}): a method with its networks
 *       loaded (models by name from the cache, a mirror or their public home), repainting pictures
 *       held in memory and writing nothing;</li>
 *   <li>a <b>run</b> ({@link #run(StylizePlan, Stylist, RunListener, Cancellation)} and its kin): the
 *       plan on a stylist, with a listener and a cancellation, writing the image, its report and any
 *       extras atomically.</li>
 * </ol>
 * {@link #stylize}, {@link #batch}, {@link #train} and {@link #importModel} do all three in one call.
 *
 * <p>One instance may be shared by many threads; it holds no state between requests beyond where
 * models are kept and the device its runs use. Stylists belong to one thread at a time.
 *
 * <p>The device ({@link #withDevice}: {@code cpu}, {@code gpu}, {@code auto}, the default) is this
 * class's one setting for where every tensor of every run goes; it is resolved on the engine once, on
 * the first run or stylist ({@link #runDevice()}), and a {@code gpu} that no GPU answers is refused
 * there, before any network loads.
 */
public final class Atelier {
    /** Longest history a training report lists; longer runs are thinned evenly (validations always kept). */
    static final int MAXIMUM_HISTORY = 2000;

    private final ModelStore models;
    private final DeviceChoice device;
    private volatile RunDevice resolved;

    public Atelier(ModelStore models) {
        this(models, DeviceChoice.DEFAULT);
    }

    public Atelier(ModelStore models, DeviceChoice device) {
        this.models = models;
        this.device = java.util.Objects.requireNonNull(device, "device");
    }

    /** The same models, running on {@code choice} ({@code cpu}, {@code gpu} or {@code auto}). */
    public Atelier withDevice(DeviceChoice choice) {
        return choice == device ? this : new Atelier(models, choice);
    }

    /** The device asked for. */
    public DeviceChoice device() {
        return device;
    }

    /**
     * The device asked for, resolved on the engine (started if needed): where this entry point's runs
     * put their tensors, and what their reports say ran. Resolved once per instance.
     *
     * @throws dev.atelier.device.DeviceUnavailableException when {@code gpu} was asked for and no GPU works
     * @throws UnavailableException when the engine cannot start
     */
    public RunDevice runDevice() {
        RunDevice known = resolved;
        if (known == null) {
            synchronized (this) {
                if (resolved == null) {
                    resolved = RunDevice.resolve(device);
                }
                known = resolved;
            }
        }
        return known;
    }

    /** Models from {@code ATELIER_HOME}'s cache, fetched first from {@code ATELIER_MIRROR} when set. */
    public static Atelier fromEnvironment() {
        return new Atelier(ModelStore.fromEnvironment());
    }

    public ModelStore models() {
        return models;
    }

    /** Every known model and whether it is cached. */
    public List<ModelStatus> modelStatus() {
        return models.status();
    }

    /** Every option of a method, for help texts and forms. */
    public static List<OptionInfo> optionsOf(String method) {
        return Methods.get(method).options().describe();
    }

    /**
     * The paintings an Atelier feed-forward model file holds, by name, in the order its {@code
     * style-index} counts them, read from its metadata alone (the weights are not read): what a front
     * end offers as a choice and blend sliders ({@code style-weights}). Empty for a network of one
     * painting.
     *
     * @throws BadInputException when the file is not an Atelier feed-forward model (other formats are
     *     converted with {@link #importModel}) or its metadata is damaged
     */
    public static List<String> paintings(Path modelFile) {
        return ModelFile.paintings(modelFile);
    }

    // ---- Step 1: plans -------------------------------------------------------------------------------

    /**
     * Checks a stylize request whole, writing nothing.
     *
     * @throws InvalidOptionException for a bad option, an option or input the method does not take, too
     *     many paintings, or an output that would overwrite an input or another output
     * @throws BadInputException for an input file that is missing, unreadable or too small
     * @throws UnavailableException when an output folder cannot be written
     */
    public StylizePlan plan(StylizeRequest request) {
        return Planner.stylize(request);
    }

    /** Checks a batch request whole; see {@link #plan(StylizeRequest)} for what it throws. */
    public BatchJobPlan plan(BatchRequest request) {
        return Planner.batch(request);
    }

    /**
     * Checks a training request whole.
     *
     * @throws InvalidOptionException for bad options, missing roles, clashing outputs, or an earlier
     *     run's checkpoint without {@code resume}
     */
    public TrainPlan plan(TrainRequest request) {
        return planTraining(Methods.training(request.method()), request);
    }

    /**
     * Checks an import: a known model's name or an existing network, into a file that is not it.
     *
     * @param style the painting's name to record, or {@code null} for the source's own
     */
    public ImportPlan planImport(String source, Path output, String style) {
        OutputClaims claims = new OutputClaims();
        if (!ModelStore.isKnown(source)) {
            claims.input("source", "model", ModelStore.localFile(source, "model"));
        }
        claims.output("output", "model file", output);
        claims.requireWritable();
        return new ImportPlan(source, output, style);
    }

    // ---- Step 2: stylists ----------------------------------------------------------------------------

    /** Opens a stylist silently; see {@link #open(StylistRequest, RunListener)}. */
    public Stylist open(StylistRequest request) {
        return open(request, RunListener.silent());
    }

    /**
     * Loads a method's networks into a stylist for pictures in memory.
     *
     * @param listener receives the progress of first-use downloads and warnings (e.g. a fall-back)
     * @throws InvalidOptionException for a bad option
     * @throws dev.atelier.weights.download.DownloadFailedException when a model cannot be had
     */
    public Stylist open(StylistRequest request, RunListener listener) {
        return Stylist.open(request, models, listener, runDevice());
    }

    // ---- Step 3: runs --------------------------------------------------------------------------------

    /** Plans and runs a stylize request, silently and without end. */
    public StylizeOutcome stylize(StylizeRequest request) {
        return stylize(request, RunListener.silent(), Cancellation.never());
    }

    /** Plans a stylize request, opens its stylist, runs and closes it. */
    public StylizeOutcome stylize(StylizeRequest request, RunListener listener, Cancellation cancellation) {
        return run(plan(request), listener, cancellation);
    }

    /** Runs a plan on a stylist opened for it, then closes the stylist. */
    public StylizeOutcome run(StylizePlan plan, RunListener listener, Cancellation cancellation) {
        long started = System.nanoTime();
        GradientRecording.offOnThisThread();
        // Bound so that model reads, hashes and downloads deep below stop on request too.
        try (Cancellation.Binding bound = cancellation.bindToThread();
                Stylist stylist = open(plan.stylistRequest(), listener)) {
            return run(plan, stylist, listener, cancellation, (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Runs a plan on an open stylist (which stays open): reads the photo, paintings and masks, repaints,
     * and writes every output of the plan, each atomically. A cancelled run writes the best picture so
     * far and keeps an optimisation's checkpoint.
     *
     * @throws IllegalArgumentException when the stylist was opened for another method or options
     */
    public StylizeOutcome run(StylizePlan plan, Stylist stylist, RunListener listener, Cancellation cancellation) {
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return run(plan, stylist, listener, cancellation, 0);
        }
    }

    private StylizeOutcome run(StylizePlan plan, Stylist stylist, RunListener listener, Cancellation cancellation,
            double loadSeconds) {
        requireMatch(stylist, plan.stylistRequest());
        if (plan.folder().isPresent()) {
            BatchSummary summary = run(plan.folder().get(), stylist, listener, cancellation);
            List<StylizeOutcome.Failure> failures = new ArrayList<>();
            summary.failures().forEach(failure -> failures.add(new StylizeOutcome.Failure(failure.name(),
                    failure.error())));
            return new StylizeOutcome(summary.results(), null, summary.skipped(), failures, summary.cancelled(),
                    summary.seconds());
        }
        try (RemovableLock held = OutputLock.hold(plan.outputs())) {
            return runOne(plan, stylist, listener, cancellation, loadSeconds);
        }
    }

    /** One photo into its outputs, the first of which this run holds. */
    private StylizeOutcome runOne(StylizePlan plan, Stylist stylist, RunListener listener, Cancellation cancellation,
            double loadSeconds) {
        long started = System.nanoTime();
        listener.onEvent(new RunStarted(plan.method() + " on " + plan.content().getFileName(), 1, 0));
        if (plan.checkpoint() != null && plan.resume() && !Files.exists(plan.checkpoint())) {
            listener.onEvent(new Warning("no checkpoint at " + plan.checkpoint() + "; starting from the beginning"));
        }
        ImageLoader loader = new ImageLoader(plan.readOptions());
        RgbImage photo = loader.read(plan.content());
        List<RgbImage> masks = new ArrayList<>();
        for (Path mask : plan.masks()) {
            masks.add(loader.read(mask));
        }
        RgbImage initImage = plan.initImage() == null ? null : loader.read(plan.initImage());
        List<Style> styles = new ArrayList<>();
        try {
            List<Path> styleFiles = new ArrayList<>();
            for (String reference : plan.styles()) {
                Style style = plan.stylesAreModels() ? stylist.model(reference) : stylist.painting(Path.of(reference));
                styles.add(style);
                styleFiles.add(style.file().orElse(Path.of(reference)));
            }
            RunListener watching = listener;
            for (Output output : plan.outputs()) {
                watching = output.watching(watching);
            }
            LongPredicate wanted = step -> plan.outputs().stream().anyMatch(output -> output.wantsImageAt(step));
            StylizeControls controls = StylizeControls.builder().optMasks(masks).optInitImage(initImage)
                    .optCheckpoint(plan.checkpoint()).optListener(watching).optCancellation(cancellation)
                    .optImageWanted(wanted).build();
            Stylized result = stylist.stylize(photo, styles, controls);
            Report report = ResultReport.of(plan.command(), stylist, result, plan.content(), styleFiles, plan.masks());
            report.result("load_seconds", loadSeconds);
            Finished finished = new Finished(result.photo(), result.image(), result.stylesUsed(), result.history(),
                    result.cancelled(), report);
            for (Output output : plan.outputs()) {
                output.write(finished);
            }
            Path image = plan.outputs().get(0) instanceof dev.atelier.output.ImageOutput first ? first.file() : null;
            return new StylizeOutcome(image == null ? List.of() : List.of(image), report.toJson(), 0, List.of(),
                    result.cancelled(), loadSeconds + (System.nanoTime() - started) / 1e9);
        } finally {
            styles.forEach(Style::close);
        }
    }

    /**
     * Plans and runs every photo with every style (or model) into a folder, resumable from its manifest.
     *
     * @throws InvalidOptionException for bad options or inputs, or results that would overwrite inputs
     * @throws BadInputException for missing inputs
     */
    public BatchSummary batch(BatchRequest request, RunListener listener, Cancellation cancellation) {
        return run(plan(request), listener, cancellation);
    }

    /**
     * Runs a batch on a stylist opened for it, then closes the stylist; a merge of a sharded batch's
     * slices ({@link dev.atelier.batch.BatchOptions#merge()}) opens none.
     */
    public BatchSummary run(BatchJobPlan plan, RunListener listener, Cancellation cancellation) {
        if (plan.batchOptions().merge()) {
            return merge(plan, listener);
        }
        GradientRecording.offOnThisThread();
        try (Cancellation.Binding bound = cancellation.bindToThread();
                Stylist stylist = open(plan.stylistRequest(), listener)) {
            return run(plan, stylist, listener, cancellation);
        }
    }

    /**
     * Runs a batch on an open stylist: makes the folder, resolves models by name, and lets the batch
     * runner make every pair not already done.
     */
    public BatchSummary run(BatchJobPlan plan, Stylist stylist, RunListener listener, Cancellation cancellation) {
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return runOnStylist(plan, stylist, listener, cancellation);
        }
    }

    private BatchSummary runOnStylist(BatchJobPlan plan, Stylist stylist, RunListener listener,
            Cancellation cancellation) {
        requireMatch(stylist, plan.stylistRequest());
        if (plan.batchOptions().merge()) {
            return merge(plan, listener);
        }
        Path folder = plan.outputFolder();
        try {
            Files.createDirectories(folder);
        } catch (IOException failure) {
            throw new UnavailableException(folder + ": cannot create the output folder ("
                    + Failures.summary(failure) + ")", failure);
        }
        BatchPlan pairs = plan.pairs();
        if (!plan.pairs().styles().isEmpty() && stylist.styleKind() == dev.atelier.method.StyleKind.MODELS) {
            List<Path> files = new ArrayList<>();
            for (Path style : pairs.styles()) {
                files.add(models.resolve(style.toString(), "model", listener));
            }
            pairs = pairs.withStyles(files);
        }
        return new BatchRunner(new StylistPairs(plan.command(), stylist, plan.clips().orElse(null)),
                plan.batchOptions()).run(pairs, listener, cancellation);
    }

    /** The one manifest, contact sheet and index page of a batch whose slices were made apart. */
    private static BatchSummary merge(BatchJobPlan plan, RunListener listener) {
        return BatchMerge.run(plan.pairs(), plan.batchOptions(), plan.method(),
                plan.styleMethod().styleKind() == dev.atelier.method.StyleKind.PAINTINGS, listener);
    }

    /** A stylist opened for another method or other options cannot run a plan. */
    private static void requireMatch(Stylist stylist, StylistRequest wanted) {
        Map<String, String> options = optionsText(Methods.get(wanted.methodName()).options(), wanted.options());
        if (!stylist.method().equals(wanted.methodName()) || !stylist.options().equals(options)) {
            throw new IllegalArgumentException("the stylist was opened for " + stylist.method() + " with other "
                    + "options than the plan's; open one with the plan's stylistRequest()");
        }
    }

    private static <O> Map<String, String> optionsText(OptionSchema<?, O> schema, Map<String, String> given) {
        return schema.toText(schema.parse(given));
    }

    /** Plans and runs a training. */
    public TrainOutcome train(TrainRequest request, RunListener listener, Cancellation cancellation) {
        return run(plan(request), listener, cancellation);
    }

    private <O> TrainPlan planTraining(TrainingMethod<O> method, TrainRequest request) {
        O options = method.options().parse(request.options());
        OutputClaims claims = new OutputClaims();
        Map<String, List<Path>> inputs = new LinkedHashMap<>();
        for (TrainingInput input : method.inputs()) {
            List<Path> paths = request.inputs().getOrDefault(input.role(), List.of());
            if (paths.isEmpty()) {
                throw new InvalidOptionException(input.role(), "is needed: the " + input.name());
            }
            if (paths.size() > 1 && !input.several()) {
                throw new InvalidOptionException(input.role(), "takes one " + input.name() + ", got " + paths.size());
            }
            for (Path path : paths) {
                if (input.folder() ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                    throw new BadInputException(path, "no such " + (input.folder() ? "folder" : "file") + " (the "
                            + input.name() + ")");
                }
                claims.input(input.role(), input.name(), path);
            }
            inputs.put(input.role(), paths);
        }
        for (String role : request.inputs().keySet()) {
            if (!inputs.containsKey(role)) {
                throw new InvalidOptionException(role, "does not apply to training " + method.name());
            }
        }
        Planner.claimOptionFiles(claims, method.options(), options);
        method.checkOutput(request.output());
        Path checkpoint = method.checkpointOf(request.output());
        claims.output("output", "trained network", request.output());
        claims.output("output", "checkpoint", checkpoint);
        Path reportFile = request.report() != null ? request.report() : Report.sidecarOf(request.output());
        claims.output("report", "report", reportFile);
        if (request.plot() != null) {
            new dev.atelier.output.PlotOutput(request.plot()).claim(claims);
        }
        claims.requireWritable();
        if (!request.resume() && Files.exists(checkpoint)) {
            throw new InvalidOptionException("resume", checkpoint + ": an earlier run's checkpoint is here; resume "
                    + "it with {resume}, or delete it to start over");
        }
        return new TrainPlan(method, options, inputs, request.output(), checkpoint, reportFile, request.plot(),
                request.resume(), request.readOptions());
    }

    /** Trains as planned, writing the network, its checkpoint, report and plot. */
    public TrainOutcome run(TrainPlan plan, RunListener listener, Cancellation cancellation) {
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return runTraining(plan.trainingMethod(), plan, listener, cancellation);
        }
    }

    @SuppressWarnings("unchecked")
    private <O> TrainOutcome runTraining(TrainingMethod<O> method, TrainPlan plan, RunListener listener,
            Cancellation cancellation) {
        O options = (O) plan.parsedOptions();
        if (plan.resume() && !Files.exists(plan.checkpoint())) {
            listener.onEvent(new Warning("no checkpoint at " + plan.checkpoint() + "; starting from the beginning"));
        }
        long started = System.nanoTime();
        RunDevice runDevice = runDevice();
        listener.onEvent(new RunStarted("training " + method.name() + " into " + plan.output(), 1, 0));
        GradientRecording.offOnThisThread();
        TrainingOutcome outcome;
        try (RunDevice.Binding onDevice = runDevice.bindToThread()) {
            outcome = method.train(new TrainingJob(plan.inputs(), plan.output(), plan.resume(),
                    plan.readOptions()), options, new MethodContext(models, listener), new RunContext(cancellation,
                    listener, step -> false, ""));
        }
        TrainingResult result = outcome.result();
        List<HistoryEntry> history = thinned(result);
        Report report = Report.start("train", method.name()).output("model", plan.output())
                .output("checkpoint", plan.checkpoint()).output("report", plan.report());
        plan.inputs().forEach((role, paths) -> {
            if (paths.size() == 1) {
                report.input(OptionSchema.jsonKey(role), paths.get(0));
            } else {
                report.inputs(OptionSchema.jsonKey(role), paths);
            }
        });
        if (plan.plot() != null) {
            report.output("plot", plan.plot());
        }
        report.settings(method.options().toJson(options)).device(runDevice.toJson());
        outcome.models().forEach(report::model);
        report.result("steps", result.steps()).result("best_step", result.bestStep())
                .result("stopped_early", result.stoppedEarly()).result("cancelled", result.cancelled())
                .result("seconds_this_run", (System.nanoTime() - started) / 1e9)
                .result("model_written", Files.exists(plan.output()));
        if (Double.isFinite(result.bestValidation())) {
            report.result("best_validation", result.bestValidation());
        }
        report.history(history).write(plan.report());
        if (plan.plot() != null) {
            LossPlot.of(history, method.name() + " training", "step").write(plan.plot(), 900, 600);
        }
        return new TrainOutcome(result, plan.output(), plan.checkpoint(), plan.report());
    }

    /** Every {@code stride}-th step, every validation and the last step, at most about {@link #MAXIMUM_HISTORY}. */
    private static List<HistoryEntry> thinned(TrainingResult result) {
        List<HistoryEntry> entries = result.history();
        int stride = Math.max(1, (entries.size() + MAXIMUM_HISTORY - 1) / MAXIMUM_HISTORY);
        List<HistoryEntry> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry entry = entries.get(i);
            if (entry.step() % stride == 0 || entry.validated() || i == entries.size() - 1) {
                kept.add(entry);
            }
        }
        return kept;
    }

    /**
     * Converts a published feed-forward network (variable folder, {@code .pth}, {@code .onnx}, or a
     * known model's name) into an Atelier model file.
     */
    public ImportOutcome importModel(String source, Path output, String style, RunListener listener) {
        return run(planImport(source, output, style), listener);
    }

    /** Imports as planned: fetches a named model if needed, converts it and checks the conversion. */
    public ImportOutcome run(ImportPlan plan, RunListener listener) {
        Path file = models.resolve(plan.source(), "model", listener);
        ModelFile.Model model = ModelImport.convert(file, plan.output(), plan.style() != null ? plan.style()
                : ModelStore.isKnown(plan.source()) ? plan.source() : null);
        return new ImportOutcome(plan.output(), model.layout().displayName(), ModelImport.parameterCount(model),
                model.style());
    }
}
