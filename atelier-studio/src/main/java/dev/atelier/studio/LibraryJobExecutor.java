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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * a person at the page cannot supply one.
 */
final class LibraryJobExecutor implements JobExecutor {
    /** How long a submission waits to learn whether a model it needs can be downloaded. */
    static final Duration FETCH_WAIT = Duration.ofSeconds(20);

    private final Atelier atelier;
    private final ReadOptions readOptions;
    private final ModelFetches fetches;
    private final ModelAdvice advice;

    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions) {
        this(atelier, readOptions, null);
    }

    /** @param fetchCommand how the administrator fetches models on the server (see {@link ModelAdvice}), or null */
    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions, Function<List<String>, String> fetchCommand) {
        this.atelier = atelier;
        this.readOptions = readOptions;
        this.fetches = new ModelFetches(atelier.models(), FETCH_WAIT);
        this.advice = new ModelAdvice(fetchCommand);
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
            models.add(new ModelInfo(model.name(), method, model.description(), status.cachedFile().isPresent(),
                    bytes));
        }
        return models;
    }

    /**
     * Plans the request the run will make, with its outputs where the run writes them (beside the
     * uploads; nothing is written there by planning), after the studio's own policy on names.
     */
    @Override
    public void validate(JobSubmission submission) {
        requireModelNames(submission);
        Path folder = submission.content().toAbsolutePath().getParent();
        try {
            atelier.plan(request(submission, new JobFiles(folder.resolve(DataFolder.RESULT),
                    folder.resolve(DataFolder.REPORT))));
        } catch (InvalidOptionException invalid) {
            throw new JobRejectedException(field(invalid.option()), plain(invalid.problem()));
        } catch (BadInputException unusable) {
            Path file = unusable.file();
            throw new JobRejectedException(field(file, submission), plain(JobIntake.withoutPath(unusable, file)));
        }
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
        return file != null && submission.styles().contains(file) ? "style" : null;
    }

    /** The request a submission's run makes, writing to {@code files}. */
    private StylizeRequest request(JobSubmission submission, JobFiles files) {
        StylizeRequest.Builder request = StylizeRequest.builder().optMethod(submission.method())
                .optContent(submission.content()).optStyles(submission.styles()).optOptions(submission.options())
                .optOutput(files.result()).optReport(files.report()).optReadOptions(readOptions).optCommand("serve");
        if (submission.model() != null) {
            request.optModel(submission.model());
        }
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
            throw new JobFailedException(hidden(plain(failure.render(UnaryOperator.identity()))), failure);
        } catch (RuntimeException | OutOfMemoryError failure) {
            throw new JobFailedException(hidden(Failures.oneLine(failure)), failure);
        }
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
