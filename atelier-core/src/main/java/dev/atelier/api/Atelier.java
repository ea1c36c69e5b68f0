package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.Compositor;
import dev.atelier.io.ImageFiles;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.method.MethodContext;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
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
import dev.atelier.batch.BatchInputs;
import dev.atelier.batch.BatchOptions;
import dev.atelier.batch.BatchPlan;
import dev.atelier.batch.BatchRunner;
import dev.atelier.batch.BatchSummary;
import dev.atelier.batch.PairsCsv;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RunEvent;
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
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The one way in: requests go in, results come out. Every request is checked whole before any work
 * starts (the method and its options, every input present, no output overwriting an input or another
 * output, every output folder writable, every image large enough for the method), then the method's
 * networks are loaded (models by name come from the cache, a mirror or their public home), the work
 * runs with a listener and a cancellation, and the image, its report and any extras are written
 * atomically.
 *
 * <p>One instance may serve many requests, one at a time per thread; it holds no state between them
 * beyond where models are kept.
 */
public final class Atelier {
    /** Longest history a training report lists; longer runs are thinned evenly (validations always kept). */
    static final int MAXIMUM_HISTORY = 2000;

    private final ModelStore models;

    public Atelier(ModelStore models) {
        this.models = models;
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

    /** Repaints as {@link #stylize(StylizeRequest, RunListener, Cancellation)}, silently and without end. */
    public StylizeOutcome stylize(StylizeRequest request) {
        return stylize(request, RunListener.silent(), Cancellation.never());
    }

    /**
     * Repaints one photo into an image file, or several photos (or folders of them) into a folder.
     *
     * @throws InvalidOptionException for a bad option, an option or input the method does not take, or
     *     an output that would overwrite an input or another output (nothing is written)
     * @throws BadInputException for an input file that is missing, unreadable or too small
     * @throws dev.atelier.UnavailableException when an output folder cannot be written or a model
     *     cannot be had
     */
    public StylizeOutcome stylize(StylizeRequest request, RunListener listener, Cancellation cancellation) {
        // Bound so that model reads, hashes and downloads deep below stop on request too.
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return stylize(Methods.get(request.methodName()), request, listener, cancellation);
        }
    }

    private <O extends StyleOptions, S> StylizeOutcome stylize(StyleMethod<O, S> method, StylizeRequest request,
            RunListener listener, Cancellation cancellation) {
        O options = method.options().parse(request.options());
        List<String> styles = styleReferences(method, request.styles(), request.models());
        boolean several = request.contents().size() > 1 || Files.isDirectory(request.contents().get(0));
        if (several) {
            return folder(method, options, request, styles, listener, cancellation);
        }
        method.checkStyles(options, styles.size(), request.styleMasks().size());
        OutputClaims claims = new OutputClaims();
        Path content = request.contents().get(0);
        claimInputs(claims, method, options, content, styles, request.styleMasks());
        Path output = request.output();
        requireImageName("output", output);
        claims.output("output", "result image", output);
        Path reportFile = request.report() != null ? request.report() : Report.sidecarOf(output);
        claims.output("report", "report", reportFile);
        if (request.plot() != null) {
            requireIterating(method, "plot", "it keeps no loss history");
            requireImageName("plot", request.plot());
            claims.output("plot", "loss plot", request.plot());
        }
        if (request.sideBySide() != null) {
            requireImageName("side-by-side", request.sideBySide());
            claims.output("side-by-side", "side-by-side picture", request.sideBySide());
        }
        Map<Long, Path> intermediates = intermediates(method, options, request, output);
        intermediates.values().forEach(file -> claims.output("save-every", "intermediate image", file));
        if (request.initImage() != null) {
            requireIterating(method, "init-image", "it makes the image in one pass");
            requireFile("init-image", request.initImage());
            claims.input("init-image", "initial image", request.initImage());
        }
        Path checkpoint = null;
        if (method.iterates()) {
            checkpoint = checkpointOf(output);
            claims.output("output", "checkpoint", checkpoint);
        } else if (request.resume()) {
            requireIterating(method, "resume", "it makes the image in one pass");
        }
        claims.requireWritable();
        if (checkpoint != null && Files.exists(checkpoint) && !request.resume()) {
            throw new InvalidOptionException("resume", checkpoint + ": an interrupted run's checkpoint is here; "
                    + "resume it with {resume}, or delete it to start over");
        }
        if (checkpoint != null && request.resume() && !Files.exists(checkpoint)) {
            listener.onEvent(new Warning("no checkpoint at " + checkpoint + "; starting from the beginning"));
        }

        ImageLoader loader = new ImageLoader(request.readOptions());
        RgbImage original = loader.read(content);
        RgbImage photo = prepared(original, options.size());
        requireLargeEnough(method, options, content, original, photo);
        List<RgbImage> masks = new ArrayList<>();
        for (Path mask : request.styleMasks()) {
            masks.add(loader.read(mask));
        }
        RgbImage initImage = request.initImage() == null ? null : loader.read(request.initImage());
        List<Path> styleFiles = new ArrayList<>();
        long started = System.nanoTime();
        listener.onEvent(new RunStarted(method.name() + " on " + content.getFileName(), 1, 0));
        GradientRecording.offOnThisThread();
        try (MethodSession<S> session = method.open(options, context(listener))) {
            List<S> prepared = new ArrayList<>();
            try {
                for (String style : styles) {
                    Path file = method.styleKind() == StyleKind.MODELS
                            ? models.resolve(style, "model", listener.downloads()) : Path.of(style);
                    styleFiles.add(file);
                    if (method.styleKind() == StyleKind.PAINTINGS) {
                        RgbImage painting = loader.read(file);
                        method.styleSizeProblem(options, painting.width(), painting.height()).ifPresent(problem -> {
                            throw new BadInputException(file, painting.width() + "x" + painting.height() + ": "
                                    + problem);
                        });
                    }
                    prepared.add(session.prepareStyle(file, loader));
                }
                RunContext run = new RunContext(cancellation, saving(listener, intermediates),
                        imagesWanted(listener, intermediates), "", initImage, checkpoint);
                long stylizeStarted = System.nanoTime();
                MethodResult result = session.stylize(photo, prepared, masks, run);
                double seconds = (System.nanoTime() - stylizeStarted) / 1e9;
                new ImageSaver().write(result.image(), output);
                Map<String, Path> outputs = new LinkedHashMap<>();
                outputs.put("image", output);
                outputs.put("report", reportFile);
                if (request.plot() != null) {
                    outputs.put("plot", request.plot());
                    LossPlot.of(result.history(), "Loss per iteration", "iteration").write(request.plot(), 900, 600);
                }
                if (request.sideBySide() != null) {
                    outputs.put("side_by_side", request.sideBySide());
                    List<RgbImage> panels = new ArrayList<>();
                    panels.add(photo);
                    panels.addAll(result.stylesUsed());
                    panels.add(result.image());
                    new ImageSaver().write(Compositor.sideBySide(panels, 8, new float[] {1, 1, 1}),
                            request.sideBySide());
                }
                Report report = ResultReport.of(request.command(), method.name(), method.styleKind(),
                        method.options().toJson(options), session, result, content, styleFiles,
                        request.styleMasks(), outputs, seconds);
                report.result("load_seconds", (stylizeStarted - started) / 1e9);
                if (checkpoint != null && !result.cancelled()) {
                    // Finished: nothing left to resume. A stopped run keeps it for resume.
                    deleteQuietly(checkpoint);
                } else if (checkpoint != null) {
                    outputs.put("checkpoint", checkpoint);
                    report.output("checkpoint", checkpoint);
                }
                report.write(reportFile);
                List<Path> written = new ArrayList<>(List.of(output));
                return new StylizeOutcome(written, report.toJson(), 0, List.of(), result.cancelled(),
                        (System.nanoTime() - started) / 1e9);
            } finally {
                closeAll(prepared);
            }
        }
    }

    /** Several photos with one style into a folder: a batch without contact sheet or index page. */
    private <O extends StyleOptions, S> StylizeOutcome folder(StyleMethod<O, S> method, O options,
            StylizeRequest request, List<String> styles, RunListener listener, Cancellation cancellation) {
        if (styles.size() != 1) {
            throw new InvalidOptionException(method.styleKind() == StyleKind.MODELS ? "model" : "style",
                    "several photos take one style each here; use batch for every photo with every style");
        }
        if (!request.styleMasks().isEmpty()) {
            throw new InvalidOptionException("style-masks", "apply to one photo at a time");
        }
        for (String role : new String[] {"report", "plot", "side-by-side"}) {
            Path given = role.equals("report") ? request.report() : role.equals("plot") ? request.plot()
                    : request.sideBySide();
            if (given != null) {
                throw new InvalidOptionException(role, "applies to one photo; with several, each result gets its "
                        + "report beside it");
            }
        }
        if (request.saveEvery() > 0) {
            throw new InvalidOptionException("save-every", "applies to one photo at a time");
        }
        if (request.initImage() != null || request.resume()) {
            throw new InvalidOptionException(request.resume() ? "resume" : "init-image", "applies to one photo at a "
                    + "time (several photos resume by themselves: a rerun skips what is done)");
        }
        if (Files.exists(request.output()) && !Files.isDirectory(request.output())) {
            throw new InvalidOptionException("output", request.output() + " is a file, but several photos need a "
                    + "folder for their results");
        }
        method.checkStyles(options, 1, 0);
        List<Path> photos = BatchInputs.images(request.contents(), "content");
        Path style = method.styleKind() == StyleKind.MODELS && !ModelStore.isKnown(styles.get(0))
                ? ModelStore.localFile(styles.get(0), "model") : Path.of(styles.get(0));
        BatchPlan plan = BatchPlan.crossProduct(photos, List.of(style));
        BatchOptions batch = BatchOptions.builder(request.output()).optSheets(false).optSize(options.size())
                .optFormat(request.format().equalsIgnoreCase("jpg") ? dev.atelier.batch.ResultFormat.JPG
                        : dev.atelier.batch.ResultFormat.PNG)
                .optReadOptions(request.readOptions()).build();
        BatchSummary summary = runBatch(method, options, plan, batch, request.styleMasks(), styles, request.command(),
                listener, cancellation);
        List<Path> written = new ArrayList<>();
        List<StylizeOutcome.Failure> failures = new ArrayList<>();
        summary.failures().forEach(failure -> failures.add(new StylizeOutcome.Failure(failure.name(),
                failure.error())));
        written.addAll(summary.results());
        return new StylizeOutcome(written, null, summary.skipped(), failures, summary.cancelled(), summary.seconds());
    }

    /**
     * Every photo with every style (or model) into a folder, resumable from its manifest.
     *
     * @throws InvalidOptionException for bad options or inputs, or results that would overwrite inputs
     * @throws BadInputException for missing inputs
     */
    public BatchSummary batch(BatchRequest request, RunListener listener, Cancellation cancellation) {
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return batch(Methods.get(request.methodName()), request, listener, cancellation);
        }
    }

    private <O extends StyleOptions, S> BatchSummary batch(StyleMethod<O, S> method, BatchRequest request,
            RunListener listener, Cancellation cancellation) {
        Map<String, String> methodOptions = new LinkedHashMap<>();
        Map<String, String> batchOptions = new LinkedHashMap<>();
        request.options().forEach((key, value) -> (BatchOptions.SCHEMA.has(key) && !method.options().has(key)
                ? batchOptions : methodOptions).put(key, value));
        O options = method.options().parse(methodOptions);
        BatchOptions parsed = BatchOptions.SCHEMA.parse(batchOptions);
        BatchOptions batch = parsed.toBuilder().optOutputFolder(request.output()).optSize(options.size())
                .optReadOptions(request.readOptions()).build();
        method.checkStyles(options, 1, 0);
        BatchPlan plan = plan(method, request);
        List<String> styles = plan.styles().stream().map(Path::toString).toList();
        return runBatch(method, options, plan, batch, List.of(), styles, "batch", listener, cancellation);
    }

    /** The pairs, from whichever of photos and styles, an input folder or a pairs file was given. */
    private BatchPlan plan(StyleMethod<?, ?> method, BatchRequest request) {
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        if (request.pairs() != null) {
            if (!request.styles().isEmpty() || !request.models().isEmpty()) {
                throw new InvalidOptionException("pairs", "lists the styles itself; leave out {style} and {model}");
            }
            return PairsCsv.read(request.pairs());
        }
        styleReferences(method, request.styles(), request.models());
        List<Path> photos = request.inputFolder() != null ? BatchInputs.contentsIn(request.inputFolder())
                : BatchInputs.images(request.contents(), "content");
        if (withModels) {
            if (request.models().isEmpty()) {
                throw new InvalidOptionException("model", method.name() + " needs models (or {pairs} with model paths)");
            }
            List<Path> files = new ArrayList<>();
            for (String model : request.models()) {
                files.add(ModelStore.isKnown(model) ? Path.of(model) : ModelStore.localFile(model, "model"));
            }
            return BatchPlan.crossProduct(photos, files);
        }
        if (request.inputFolder() != null && !request.styles().isEmpty()) {
            throw new InvalidOptionException("style", "the {input} folder holds the paintings itself (style_* "
                    + "images); leave out {style}");
        }
        List<Path> paintings = request.inputFolder() != null ? BatchInputs.stylesIn(request.inputFolder())
                : BatchInputs.images(request.styles(), "style");
        return BatchPlan.crossProduct(photos, paintings);
    }

    /**
     * Runs a plan with a method: checks every output against every input, makes sure the folder can
     * be written, resolves models by name, opens one session and lets the batch runner do the rest.
     */
    private <O extends StyleOptions, S> BatchSummary runBatch(StyleMethod<O, S> method, O options, BatchPlan plan,
            BatchOptions batch, List<Path> masks, List<String> styleNames, String command, RunListener listener,
            Cancellation cancellation) {
        OutputClaims claims = new OutputClaims();
        plan.contents().forEach(photo -> claims.input("content", "photo", photo));
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        for (Path style : plan.styles()) {
            if (!(withModels && ModelStore.isKnown(style.toString()))) {
                claims.input(withModels ? "model" : "style", withModels ? "model" : "painting", style);
            }
        }
        claimOptionFiles(claims, method, options);
        Path folder = batch.outputFolder();
        try {
            Files.createDirectories(folder);
        } catch (IOException failure) {
            throw new dev.atelier.UnavailableException(folder + ": cannot create the output folder ("
                    + dev.atelier.Failures.summary(failure) + ")", failure);
        }
        BatchRunner.plannedOutputs(plan, batch).forEach((file, description) ->
                claims.output("output", description, file));
        OutputClaims.requireWritable(folder);
        BatchPlan resolved = plan;
        if (withModels) {
            List<Path> files = new ArrayList<>();
            for (Path style : plan.styles()) {
                files.add(models.resolve(style.toString(), "model", listener.downloads()));
            }
            resolved = plan.withStyles(files);
        }
        JsonObject settings = method.options().toJson(options);
        // The batch's own size and format are in the manifest's settings already.
        settings.remove("size");
        GradientRecording.offOnThisThread();
        try (MethodSession<S> session = method.open(options, context(listener));
                SessionPairs<S> pairs = new SessionPairs<>(command, method.name(), method.styleKind(), settings,
                        options.size(), session)) {
            return new BatchRunner(pairs, batch).run(resolved, new BatchEvents(listener), cancellation);
        }
    }

    /**
     * Trains a network.
     *
     * @throws InvalidOptionException for bad options, missing roles, clashing outputs, or an earlier
     *     run's checkpoint without {@code resume}
     */
    public TrainOutcome train(TrainRequest request, RunListener listener, Cancellation cancellation) {
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            return train(Methods.training(request.method()), request, listener, cancellation);
        }
    }

    private <O> TrainOutcome train(TrainingMethod<O> method, TrainRequest request, RunListener listener,
            Cancellation cancellation) {
        O options = method.options().parse(request.options());
        OutputClaims claims = new OutputClaims();
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (TrainingInput input : method.inputs()) {
            Path path = request.inputs().get(input.role());
            if (path == null) {
                throw new InvalidOptionException(input.role(), "is needed: the " + input.name());
            }
            if (input.folder() ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                throw new BadInputException(path, "no such " + (input.folder() ? "folder" : "file") + " (the "
                        + input.name() + ")");
            }
            claims.input(input.role(), input.name(), path);
            inputs.put(input.role(), path);
        }
        for (String role : request.inputs().keySet()) {
            if (!inputs.containsKey(role)) {
                throw new InvalidOptionException(role, "does not apply to training " + method.name());
            }
        }
        claimOptionFiles(claims, method.options(), options);
        method.checkOutput(request.output());
        Path checkpoint = method.checkpointOf(request.output());
        claims.output("output", "trained network", request.output());
        claims.output("output", "checkpoint", checkpoint);
        Path reportFile = request.report() != null ? request.report() : Report.sidecarOf(request.output());
        claims.output("report", "report", reportFile);
        if (request.plot() != null) {
            requireImageName("plot", request.plot());
            claims.output("plot", "loss plot", request.plot());
        }
        claims.requireWritable();
        if (!request.resume() && Files.exists(checkpoint)) {
            throw new InvalidOptionException("resume", checkpoint + ": an earlier run's checkpoint is here; resume "
                    + "it with {resume}, or delete it to start over");
        }
        if (request.resume() && !Files.exists(checkpoint)) {
            listener.onEvent(new Warning("no checkpoint at " + checkpoint + "; starting from the beginning"));
        }
        long started = System.nanoTime();
        listener.onEvent(new RunStarted("training " + method.name() + " into " + request.output(), 1, 0));
        TrainingOutcome outcome = method.train(new TrainingJob(inputs, request.output(), request.resume(),
                request.readOptions()), options, context(listener), new RunContext(cancellation, listener,
                step -> false, ""));
        TrainingResult result = outcome.result();
        List<HistoryEntry> history = thinned(result);
        Report report = Report.start("train", method.name()).output("model", request.output())
                .output("checkpoint", checkpoint).output("report", reportFile);
        inputs.forEach((role, path) -> report.input(OptionSchema.jsonKey(role), path));
        if (request.plot() != null) {
            report.output("plot", request.plot());
        }
        report.settings(method.options().toJson(options));
        outcome.models().forEach(report::model);
        report.result("steps", result.steps()).result("best_step", result.bestStep())
                .result("stopped_early", result.stoppedEarly()).result("cancelled", result.cancelled())
                .result("seconds_this_run", (System.nanoTime() - started) / 1e9)
                .result("model_written", Files.exists(request.output()));
        if (Double.isFinite(result.bestValidation())) {
            report.result("best_validation", result.bestValidation());
        }
        report.history(history).write(reportFile);
        if (request.plot() != null) {
            LossPlot.of(history, method.name() + " training", "step").write(request.plot(), 900, 600);
        }
        return new TrainOutcome(result, request.output(), checkpoint, reportFile);
    }

    /** Every {@code stride}-th step, every validation and the last step, at most about {@link #MAXIMUM_HISTORY}. */
    private static List<HistoryEntry> thinned(TrainingResult result) {
        var entries = result.history();
        int stride = Math.max(1, (entries.size() + MAXIMUM_HISTORY - 1) / MAXIMUM_HISTORY);
        List<HistoryEntry> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            var entry = entries.get(i);
            if (entry.step() % stride == 0 || !Double.isNaN(entry.validation()) || i == entries.size() - 1) {
                kept.add(new HistoryEntry(entry.step(), -1, -1, entry.terms(), Double.NaN, entry.validation()));
            }
        }
        return kept;
    }

    /**
     * Converts a published feed-forward network (variable folder, {@code .pth}, {@code .onnx}, or a
     * known model's name) into an Atelier model file.
     */
    public ImportOutcome importModel(String source, Path output, String style, RunListener listener) {
        OutputClaims claims = new OutputClaims();
        if (!ModelStore.isKnown(source)) {
            claims.input("source", "model", ModelStore.localFile(source, "model"));
        }
        claims.output("output", "model file", output);
        claims.requireWritable();
        Path file = models.resolve(source, "model", listener.downloads());
        ModelFile.Model model = ModelImport.convert(file, output, style != null ? style
                : ModelStore.isKnown(source) ? source : null);
        return new ImportOutcome(output, model.layout().displayName(), ModelImport.parameterCount(model),
                model.style());
    }

    /** Every option of a method, for help texts and forms. */
    public static List<OptionInfo> optionsOf(String method) {
        return Methods.get(method).options().describe();
    }

    private MethodContext context(RunListener listener) {
        return new MethodContext(models, listener.downloads(), message -> listener.onEvent(new Warning(message)));
    }

    /** The styles a request names, checked against what the method takes: paintings or models. */
    private static List<String> styleReferences(StyleMethod<?, ?> method, List<Path> styles, List<String> modelNames) {
        if (method.styleKind() == StyleKind.MODELS) {
            if (!styles.isEmpty()) {
                throw new InvalidOptionException("style", "does not apply to " + method.name() + ": its styles are "
                        + "trained networks ({model})");
            }
            return List.copyOf(modelNames);
        }
        if (!modelNames.isEmpty()) {
            throw new InvalidOptionException("model", "does not apply to " + method.name() + ", which takes "
                    + "paintings ({style}); trained networks are for feedforward");
        }
        return styles.stream().map(Path::toString).toList();
    }

    /** Records every input of a single stylisation, each checked to exist. */
    private static <O extends StyleOptions> void claimInputs(OutputClaims claims, StyleMethod<O, ?> method, O options,
            Path content, List<String> styles, List<Path> masks) {
        requireFile("content", content);
        claims.input("content", "content image", content);
        boolean withModels = method.styleKind() == StyleKind.MODELS;
        for (String style : styles) {
            if (withModels && ModelStore.isKnown(style)) {
                continue;
            }
            Path file = withModels ? ModelStore.localFile(style, "model") : Path.of(style);
            if (!withModels) {
                requireFile("style", file);
            }
            claims.input(withModels ? "model" : "style", withModels ? "model" : "painting", file);
        }
        for (Path mask : masks) {
            requireFile("style-masks", mask);
            claims.input("style-masks", "style mask", mask);
        }
        claimOptionFiles(claims, method, options);
    }

    private static <O extends StyleOptions> void claimOptionFiles(OutputClaims claims, StyleMethod<O, ?> method,
            O options) {
        claimOptionFiles(claims, method.options(), options);
    }

    /** The files options name (weights, encoders): each must exist unless it is a known model's name. */
    private static <O> void claimOptionFiles(OutputClaims claims, OptionSchema<?, O> schema, O options) {
        for (OptionInfo info : schema.describe()) {
            if (!info.inputFile()) {
                continue;
            }
            String text = schema.text(options, info.key());
            // Generated networks (random-vgg19) are named, not read from a file.
            if (text.isBlank() || ModelStore.isKnown(text) || text.toLowerCase(Locale.ROOT).startsWith("random-")) {
                continue;
            }
            Path file = ModelStore.localFile(text, info.key());
            claims.input(info.key(), info.key() + " file", file);
        }
    }

    private static void requireFile(String key, Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such file (" + key + ")");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidOptionException(key, file + " is a folder; an image file is needed here");
        }
    }

    private static void requireImageName(String key, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
            throw new InvalidOptionException(key, file + ": unsupported image format (use .png or .jpg)");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidOptionException(key, file + " is a folder, not an image file name");
        }
    }

    private static void requireIterating(StyleMethod<?, ?> method, String key, String why) {
        if (!method.iterates()) {
            throw new InvalidOptionException(key, "does not apply to " + method.name() + ": " + why);
        }
    }

    /** The photo at the options' size (its own when 0). */
    private static RgbImage prepared(RgbImage photo, int size) {
        return size > 0 && Math.max(photo.width(), photo.height()) != size ? Resampler.fitLongestSide(photo, size)
                : photo;
    }

    private static <O extends StyleOptions> void requireLargeEnough(StyleMethod<O, ?> method, O options, Path file,
            RgbImage original, RgbImage photo) {
        method.contentSizeProblem(options, photo.width(), photo.height()).ifPresent(problem -> {
            String size = original.width() + "x" + original.height() + (photo == original ? ""
                    : ", brought to " + photo.width() + "x" + photo.height() + " (size " + options.size() + ")");
            throw new BadInputException(file, size + ": " + problem);
        });
    }

    /** Where each intermediate image goes: {@code out.iter-0100.png} for step 100. */
    private static <O extends StyleOptions> Map<Long, Path> intermediates(StyleMethod<O, ?> method, O options,
            StylizeRequest request, Path output) {
        Map<Long, Path> files = new LinkedHashMap<>();
        if (request.saveEvery() == 0) {
            return files;
        }
        requireIterating(method, "save-every", "it makes the image in one pass");
        long steps = Long.parseLong(method.options().text(options, "iterations"));
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (long step = request.saveEvery(); step <= steps; step += request.saveEvery()) {
            files.put(step, output.resolveSibling(String.format(Locale.ROOT, "%s.iter-%04d%s",
                    name.substring(0, dot), step, name.substring(dot))));
        }
        return files;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftBehind) {
            // A finished run's checkpoint left behind only asks the next run to resume or delete it.
        }
    }

    /** Where an iterative method keeps what a stopped run needs: {@code out.png.ckpt}. */
    static Path checkpointOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".ckpt");
    }

    /** Writes intermediate images as they form, then passes every event on. */
    private static RunListener saving(RunListener listener, Map<Long, Path> intermediates) {
        if (intermediates.isEmpty()) {
            return listener;
        }
        ImageSaver saver = new ImageSaver();
        return new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof ImageFormed formed && intermediates.containsKey(formed.step())) {
                    saver.write(formed.image(), intermediates.get(formed.step()));
                }
                listener.onEvent(event);
            }

            @Override
            public boolean wantsImages() {
                return listener.wantsImages();
            }

            @Override
            public dev.atelier.weights.download.DownloadListener downloads() {
                return listener.downloads();
            }
        };
    }

    private static LongPredicate imagesWanted(RunListener listener, Map<Long, Path> intermediates) {
        return step -> intermediates.containsKey(step) || listener.wantsImages();
    }

    private static void closeAll(List<?> styles) {
        for (Object style : styles) {
            if (style instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Releasing a prepared style cannot fail in a way the user could act on.
                }
            }
        }
    }
}
