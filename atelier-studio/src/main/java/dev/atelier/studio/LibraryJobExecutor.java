package dev.atelier.studio;

import dev.atelier.AtelierException;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.api.Atelier;
import dev.atelier.api.Methods;
import dev.atelier.api.StylizeOutcome;
import dev.atelier.api.StylizeRequest;
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelCatalog;
import dev.atelier.models.ModelStatus;
import dev.atelier.models.ModelStore;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import dev.atelier.progress.RunListener;
import dev.atelier.UnavailableException;
import dev.atelier.video.VideoOptions;
import dev.atelier.video.VideoOutcome;
import dev.atelier.video.VideoPlan;
import dev.atelier.video.VideoRequest;
import dev.atelier.video.Videos;
import dev.atelier.video.ffmpeg.FfmpegTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The studio's jobs run through the library's one entry point ({@link Atelier}): the methods and
 * their options come from the registry, models by name from the catalog, and a job is a
 * {@link StylizeRequest} like the command line's. A submission is checked by planning the very
 * request its run will make ({@link Atelier#plan(StylizeRequest)}): every rule of the library, in
 * the library's words, and no copy of them here.
 *
 * <p>The studio adds two rules of its own. A security policy: options that name files on this
 * machine (a decoder, VGG weights) and the {@code model} field accept only known model names from
 * the web, so that a page cannot make the server read a path of its choosing. And availability:
 * the known models a job will need must be cached or downloadable now ({@link #requireModels}), since
 * a person at the page cannot supply one. A model file uploaded with a job must be an Atelier model file
 * ({@link Atelier#paintings}), the one format made for passing around, so that a page cannot make the
 * server parse the other formats a path may name.
 *
 * <p>A clip is the video module's request ({@link Videos#plan}, {@link Videos#run}), as on the command
 * line: planning probes the clip's container with ffprobe before any frame is decoded, and checks it
 * against the studio's limits (its frames and seconds as the video options {@code max-frames} and
 * {@code max-seconds}, its frame size here, since the video's own pixel limit also bounds the
 * paintings). Its result is H.264 in MP4, which browsers play.
 */
final class LibraryJobExecutor implements JobExecutor {
    /** How long a submission waits to learn whether a model it needs can be downloaded. */
    static final Duration FETCH_WAIT = Duration.ofSeconds(20);
    /** The video options a clip's page shows; the others are the studio's limits or apply to picture folders. */
    private static final Set<String> CLIP_CHOICES = Set.of("temporal-weight", "crf", "compare-per-frame");

    private final Atelier atelier;
    private final ReadOptions readOptions;
    private final ModelFetches fetches;
    private final ModelAdvice advice;
    private final Supplier<FfmpegTools> ffmpeg;

    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions) {
        this(atelier, readOptions, null);
    }

    /** @param fetchCommand how the administrator fetches models on the server (see {@link ModelAdvice}), or null */
    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions, Function<List<String>, String> fetchCommand) {
        this(atelier, readOptions, fetchCommand, FfmpegTools::locate);
    }

    /** @param ffmpeg finds FFmpeg for clips, or says in one line why it cannot ({@link UnavailableException}) */
    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions, Function<List<String>, String> fetchCommand,
            Supplier<FfmpegTools> ffmpeg) {
        this.atelier = atelier;
        this.readOptions = readOptions;
        this.fetches = new ModelFetches(atelier.models(), FETCH_WAIT);
        this.advice = new ModelAdvice(fetchCommand);
        this.ffmpeg = ffmpeg;
    }

    @Override
    public List<MethodInfo> methods() {
        List<MethodInfo> methods = new ArrayList<>();
        for (StyleMethod<?, ?> method : Methods.all()) {
            List<MethodOption> options = new ArrayList<>();
            List<ModelOption> modelOptions = new ArrayList<>();
            for (OptionInfo info : method.options().describe()) {
                if (info.inputFile()) {
                    modelOptions.add(new ModelOption(info.key(), defaultValue(method.options(), info.key()),
                            plain(info.description()), ModelCatalog.namesFor(method.name() + " " + info.key())));
                    continue;
                }
                // A form shows the default value itself (the help tells when it depends on another option).
                options.add(new MethodOption(info.key(), info.kind(), defaultValue(method.options(), info.key()),
                        plain(info.description()), info.minimum(), info.maximum(), info.choices(), info.main()));
            }
            options.sort((first, second) -> Boolean.compare(second.main(), first.main()));
            boolean models = method.styleKind() == StyleKind.MODELS;
            methods.add(new MethodInfo(method.name(), method.title(), method.description(), models ? 0 : 1,
                    models ? 0 : method.maximumStyles(), models, method.iterates(), options, modelOptions));
        }
        return methods;
    }

    private static <O> String defaultValue(OptionSchema<?, O> schema, String key) {
        return schema.text(schema.defaults(), key);
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        for (ModelStatus status : atelier.modelStatus()) {
            KnownModel model = status.model();
            String method = model.usedBy().split("[ ,]")[0];
            if (model.usedBy().startsWith("archive")) {
                continue;
            }
            long bytes = model.files().isEmpty() ? 0 : model.files().get(0).bytes();
            List<String> paintings = status.cachedFile().map(LibraryJobExecutor::paintingsIfAny).orElse(List.of());
            models.add(new ModelInfo(model.name(), method, model.description(), status.cachedFile().isPresent(),
                    bytes, paintings));
        }
        return models;
    }

    /** The paintings of a cached model: an Atelier model file may hold several; other formats hold one. */
    private static List<String> paintingsIfAny(Path file) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".safetensors")) {
            return List.of();
        }
        try {
            return Atelier.paintings(file);
        } catch (BadInputException other) {
            return List.of();
        }
    }

    /** Why clips cannot be repainted: FFmpeg is missing (asked each time, so installing it needs no restart). */
    @Override
    public Optional<String> clipsUnavailable() {
        try {
            ffmpeg.get();
            return Optional.empty();
        } catch (UnavailableException missing) {
            return Optional.of(plain(missing.getMessage()));
        }
    }

    /** The video's options a person may set for a clip: how steady it holds, its quality, the comparison. */
    @Override
    public List<MethodOption> clipOptions() {
        List<MethodOption> options = new ArrayList<>();
        for (OptionInfo info : VideoOptions.SCHEMA.describe()) {
            if (CLIP_CHOICES.contains(info.key())) {
                options.add(new MethodOption(info.key(), info.kind(), defaultValue(VideoOptions.SCHEMA, info.key()),
                        plain(info.description()), info.minimum(), info.maximum(), info.choices(), info.main()));
            }
        }
        return options;
    }

    @Override
    public List<String> paintings(Path modelFile) {
        try {
            return Atelier.paintings(modelFile);
        } catch (BadInputException unusable) {
            throw new JobRejectedException("model_file", plain(JobIntake.withoutPath(unusable, modelFile)));
        }
    }

    /**
     * Plans the request the run will make, with its outputs where the run writes them (beside the
     * uploads; nothing is written there by planning), after the studio's own policy on names.
     */
    @Override
    public void validate(JobSubmission submission) {
        requireModelNames(submission);
        if (submission.modelFile() != null) {
            paintings(submission.modelFile()); // an Atelier model file, or refused before anything parses it
        }
        Path folder = submission.content().toAbsolutePath().getParent();
        JobFiles files = DataFolder.files(folder, submission.isClip());
        try {
            if (submission.isClip()) {
                requireFrameSize(Videos.plan(videoRequest(submission, files, false)), submission.clip());
            } else {
                atelier.plan(request(submission, files));
            }
        } catch (InvalidOptionException invalid) {
            String field = "model".equals(invalid.option()) && submission.modelFile() != null ? "model_file"
                    : field(invalid.option());
            throw new JobRejectedException(field, clipSpelling(invalid.problem()));
        } catch (BadInputException unusable) {
            Path file = unusable.file();
            String message = unusable.render(LibraryJobExecutor::clipKey);
            throw new JobRejectedException(field(file, submission), file != null
                    && message.startsWith(file + ": ") ? message.substring(file.toString().length() + 2) : message);
        } catch (UnavailableException unavailable) { // FFmpeg, gone since the studio last looked
            throw new JobRejectedException("content", "clips cannot be repainted on this server: "
                    + plain(unavailable.getMessage()));
        }
    }

    /**
     * The studio's frame-size limit, from the clip's container as probed: the video module's own pixel
     * limit ({@link ReadOptions}) bounds the paintings too, which stay within the studio's image limit.
     */
    private static void requireFrameSize(VideoPlan plan, ClipLimits limits) {
        long pixels = (long) plan.info().width() * plan.info().height();
        if (pixels > limits.pixels()) {
            throw new BadInputException(plan.info().file(), plan.info().width() + "x" + plan.info().height()
                    + " frames (" + pixels + " pixels), more than the studio's max-clip-pixels " + limits.pixels()
                    + " allows");
        }
    }

    /**
     * Library text with option keys as the page names them, the video's limits named as the studio's
     * own ({@code --max-clip-frames} and {@code --max-clip-seconds} of {@code atelier serve}).
     */
    private static String clipSpelling(String text) {
        return AtelierException.spell(text, LibraryJobExecutor::clipKey);
    }

    private static String clipKey(String key) {
        return switch (key) {
            case "max-frames" -> "the studio's max-clip-frames";
            case "max-seconds" -> "the studio's max-clip-seconds";
            default -> key;
        };
    }

    /**
     * The studio's security policy: the model must be a known model's name, and options naming
     * networks a known model's name or a random network ({@link ModelStore#namesAFile}), never a path
     * on the server.
     */
    private static void requireModelNames(JobSubmission submission) {
        if (submission.model() != null && !ModelStore.isKnown(submission.model())) {
            throw new JobRejectedException("model", "no known model '" + submission.model() + "' (see the list of "
                    + "models)");
        }
        OptionSchema<?, ?> schema;
        try {
            schema = Methods.get(submission.method()).options();
        } catch (InvalidOptionException unknown) {
            throw new JobRejectedException("method", plain(unknown.problem()));
        }
        submission.options().forEach((key, value) -> {
            boolean namesAFile = schema.info(key).map(OptionInfo::inputFile).orElse(false);
            if (namesAFile && ModelStore.namesAFile(value)) {
                throw new JobRejectedException("options." + key, "only a known model name is accepted here, not "
                        + "a file");
            }
        });
    }

    /**
     * The form field a library refusal names: the method, the photo, the paintings and the model are
     * fields of their own; everything else is an option.
     */
    static String field(String key) {
        if (key == null) {
            return "options";
        }
        return switch (key) {
            case "method", "content", "style", "model" -> key;
            default -> "options." + key;
        };
    }

    /** The field of the upload a refused file is ({@code null} for another file: models are names here). */
    private static String field(Path file, JobSubmission submission) {
        if (file != null && file.equals(submission.content())) {
            return "content";
        }
        if (file != null && file.equals(submission.modelFile())) {
            return "model_file";
        }
        return file != null && submission.styles().contains(file) ? "style" : null;
    }

    /** The request a submission's run makes, writing to {@code files}. */
    private StylizeRequest request(JobSubmission submission, JobFiles files) {
        StylizeRequest.Builder request = StylizeRequest.builder().optMethod(submission.method())
                .optContent(submission.content()).optStyles(submission.styles()).optOptions(submission.options())
                .optOutput(files.result()).optReport(files.report()).optReadOptions(readOptions).optCommand("serve");
        model(submission).ifPresent(request::optModel);
        return request.build();
    }

    /** The model a submission names: a known model's name, or the file uploaded with it. */
    private static Optional<String> model(JobSubmission submission) {
        return submission.modelFile() != null ? Optional.of(submission.modelFile().toString())
                : Optional.ofNullable(submission.model());
    }

    /**
     * The video request a clip's run makes, writing to {@code files} (continuing from {@code files.work()}
     * when {@code resume}): the method's options and the video's apart, and the studio's limits as the
     * video's.
     */
    private VideoRequest videoRequest(JobSubmission submission, JobFiles files, boolean resume) {
        Map<String, String> methodOptions = new LinkedHashMap<>();
        Map<String, String> videoOptions = new LinkedHashMap<>();
        submission.options().forEach((key, value) -> (VideoOptions.SCHEMA.info(key).isPresent() ? videoOptions
                : methodOptions).put(key, value));
        videoOptions.put("max-frames", Integer.toString(submission.clip().frames()));
        videoOptions.put("max-seconds", Double.toString(submission.clip().seconds()));
        VideoRequest.Builder request = VideoRequest.builder().optMethod(submission.method())
                .optContent(submission.content()).optStyles(submission.styles()).optOptions(methodOptions)
                .optVideoOptions(videoOptions).optOutput(files.result()).optReport(files.report()).optResume(resume)
                .optReadOptions(readOptions).optCommand("serve");
        model(submission).ifPresent(request::optModel);
        return request.build();
    }

    /**
     * Refuses a job whose known models cannot be had: each one it names (the {@code model}, an option
     * naming a network, or a choice that is a model's name such as {@code backbone vgg19}), unless
     * cached, is fetched now ({@link ModelFetches}); a failed fetch refuses the job naming the field,
     * with what the administrator can do. A model a method can do without ({@code backbone auto} uses
     * the network that comes with Atelier while the full VGG-19 is not cached) is not asked for.
     */
    @Override
    public void requireModels(JobSubmission submission) {
        for (Map.Entry<String, KnownModel> needed : neededModels(submission).entrySet()) {
            KnownModel model = needed.getValue();
            Optional<String> problem = fetches.problem(model);
            if (problem.isPresent()) {
                throw new JobRejectedException(needed.getKey(), advice.cannotBeHad(model.name(),
                        hidden(problem.get())));
            }
        }
    }

    /**
     * The known models a submission names, by the field that names them: its {@code model}, each
     * option naming a network (given or by default), and each choice whose value is a model's name
     * unless a network file option is given instead.
     */
    private static Map<String, KnownModel> neededModels(JobSubmission submission) {
        Map<String, KnownModel> needed = new LinkedHashMap<>();
        if (submission.model() != null) {
            ModelCatalog.find(submission.model()).ifPresent(model -> needed.put("model", model));
        }
        OptionSchema<?, ?> schema = Methods.get(submission.method()).options();
        boolean ownNetwork = false;
        for (OptionInfo info : schema.describe()) {
            if (info.inputFile()) {
                ownNetwork |= submission.options().containsKey(info.key());
                String value = submission.options().getOrDefault(info.key(), defaultValue(schema, info.key()));
                ModelCatalog.find(value).ifPresent(model -> needed.put("options." + info.key(), model));
            }
        }
        if (!ownNetwork) {
            for (OptionInfo info : schema.describe()) {
                if (info.kind().equals("choice")) {
                    String value = submission.options().getOrDefault(info.key(), defaultValue(schema, info.key()));
                    ModelCatalog.find(value).ifPresent(model -> needed.put("options." + info.key(), model));
                }
            }
        }
        return needed;
    }

    /**
     * Plans and runs the job. The outcome names the networks the run used, from its report (so a
     * {@code backbone auto} says whether it ran on the full VGG-19 or the embedded network).
     */
    @Override
    public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation) {
        try {
            if (submission.isClip()) {
                return runClip(submission, files, listener, cancellation);
            }
            StylizeOutcome outcome = atelier.stylize(request(submission, files), listener, cancellation);
            JobOutcome ended = outcome.cancelled() ? JobOutcome.cancelled(Files.exists(files.result()))
                    : JobOutcome.completed();
            return ended.withNetworks(networks(outcome.report()));
        } catch (DownloadFailedException unavailable) {
            List<String> missing = neededModels(submission).values().stream().filter(model -> !fetches.cached(model))
                    .map(KnownModel::name).toList();
            throw new JobFailedException(hidden(plain(unavailable.getMessage()).replaceFirst(
                    "\\. Download it yourself.*$", ".")) + " " + advice.remedy(missing), unavailable);
        } catch (AtelierException failure) {
            throw new JobFailedException(hidden(failure.render(LibraryJobExecutor::clipKey)), failure);
        } catch (RuntimeException | OutOfMemoryError failure) {
            throw new JobFailedException(hidden(Failures.oneLine(failure)), failure);
        }
    }

    /**
     * A clip, planned (its container probed again: the studio's limits may have changed while it waited)
     * and run; a run stopped before the end keeps its finished frames in {@code files.work()}, and one
     * that finds them there continues from them.
     */
    private JobOutcome runClip(JobSubmission submission, JobFiles files, RunListener listener,
            Cancellation cancellation) {
        boolean resume = Files.isDirectory(files.work());
        VideoPlan plan = Videos.plan(videoRequest(submission, files, resume), cancellation);
        requireFrameSize(plan, submission.clip());
        VideoOutcome outcome = Videos.run(plan, atelier, listener, cancellation);
        if (outcome.cancelled()) {
            return JobOutcome.cancelled(false);
        }
        return JobOutcome.completed().withNetworks(networks(outcome.report()));
    }

    /** The networks a report lists, by role. */
    static Map<String, String> networks(JsonObject report) {
        Map<String, String> networks = new LinkedHashMap<>();
        if (report != null && report.has("models") && report.get("models").isJsonArray()) {
            for (JsonElement use : report.getAsJsonArray("models")) {
                if (use.isJsonObject() && use.getAsJsonObject().has("role") && use.getAsJsonObject().has("name")) {
                    networks.put(use.getAsJsonObject().get("role").getAsString(),
                            use.getAsJsonObject().get("name").getAsString());
                }
            }
        }
        return networks;
    }

    /** A message without this server's model cache in it: it means nothing in a browser. */
    private String hidden(String message) {
        return message.replace(atelier.models().cache().directory().toString(), "the server's model cache");
    }

    /** Library text with option keys as the page names them. */
    private static String plain(String text) {
        return AtelierException.spell(text, UnaryOperator.identity());
    }
}
