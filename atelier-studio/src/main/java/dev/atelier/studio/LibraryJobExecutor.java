package dev.atelier.studio;

import dev.atelier.AtelierException;
import dev.atelier.Cancellation;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Atelier;
import dev.atelier.api.Methods;
import dev.atelier.api.StylizeOutcome;
import dev.atelier.api.StylizeRequest;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
import dev.atelier.method.StyleKind;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.StyleOptions;
import dev.atelier.models.KnownModel;
import dev.atelier.models.ModelCatalog;
import dev.atelier.models.ModelStatus;
import dev.atelier.models.ModelStore;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import dev.atelier.progress.RunListener;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The studio's jobs run through the library's one entry point ({@link Atelier}): the methods and
 * their options come from the registry, models by name from the catalog, and a job is a
 * {@link StylizeRequest} like the command line's.
 *
 * <p>Options that name files on this machine (a decoder, VGG weights) accept only known model
 * names from the web: a page must not be able to make the server read a path of its choosing.
 */
final class LibraryJobExecutor implements JobExecutor {
    private final Atelier atelier;
    private final ReadOptions readOptions;

    LibraryJobExecutor(Atelier atelier, ReadOptions readOptions) {
        this.atelier = atelier;
        this.readOptions = readOptions;
    }

    @Override
    public List<MethodInfo> methods() {
        List<MethodInfo> methods = new ArrayList<>();
        for (StyleMethod<?, ?> method : Methods.all()) {
            List<MethodOption> options = new ArrayList<>();
            for (OptionInfo info : method.options().describe()) {
                if (info.inputFile()) {
                    continue;
                }
                // A form shows the default value itself (the help tells when it depends on another option).
                options.add(new MethodOption(info.key(), info.kind(), defaultValue(method.options(), info.key()),
                        AtelierException.spell(info.description(), UnaryOperator.identity()), info.minimum(), info.maximum(),
                        info.choices(), info.main()));
            }
            options.sort((first, second) -> Boolean.compare(second.main(), first.main()));
            boolean models = method.styleKind() == StyleKind.MODELS;
            methods.add(new MethodInfo(method.name(), method.title(), method.description(), models ? 0 : 1,
                    models ? 0 : method.maximumStyles(), models, method.iterates(), options));
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

    @Override
    public void validate(JobSubmission submission) {
        StyleMethod<?, ?> method;
        try {
            method = Methods.get(submission.method());
        } catch (InvalidOptionException unknown) {
            throw new JobRejectedException("method", plain(unknown.problem()));
        }
        validate(method, submission);
    }

    private <O extends StyleOptions> void validate(StyleMethod<O, ?> method, JobSubmission submission) {
        O options;
        try {
            options = method.options().parse(submission.options());
        } catch (InvalidOptionException invalid) {
            throw rejected(invalid);
        }
        for (OptionInfo info : method.options().describe()) {
            String text = method.options().text(options, info.key());
            if (info.inputFile() && !text.isBlank() && !ModelStore.isKnown(text)
                    && !text.toLowerCase(Locale.ROOT).startsWith("random-")) {
                throw new JobRejectedException("options." + info.key(), "only a known model name is accepted "
                        + "here, not a file");
            }
        }
        if (method.styleKind() == StyleKind.MODELS) {
            if (submission.model() == null || ModelCatalog.find(submission.model()).isEmpty()) {
                throw new JobRejectedException("model", submission.model() == null ? method.name() + " needs a model"
                        : "no known model '" + submission.model() + "'");
            }
            if (!submission.styles().isEmpty()) {
                throw new JobRejectedException("style", method.name() + " takes a model, not paintings");
            }
        } else {
            if (submission.model() != null) {
                throw new JobRejectedException("model", method.name() + " takes paintings, not a model");
            }
            if (submission.styles().size() > method.maximumStyles()) {
                throw new JobRejectedException("style", method.name() + " takes at most " + method.maximumStyles()
                        + " painting" + (method.maximumStyles() == 1 ? "" : "s"));
            }
        }
        int styles = method.styleKind() == StyleKind.MODELS ? 1 : submission.styles().size();
        try {
            method.checkStyles(options, styles, 0);
        } catch (InvalidOptionException invalid) {
            throw rejected(invalid);
        }
        ImageHeader photo = new ImageLoader(readOptions).inspect(submission.content());
        int width = photo.width();
        int height = photo.height();
        if (options.size() > 0) {
            double scale = (double) options.size() / Math.max(width, height);
            width = Math.max(1, (int) Math.round(width * scale));
            height = Math.max(1, (int) Math.round(height * scale));
        }
        Optional<String> problem = method.contentSizeProblem(options, width, height);
        if (problem.isPresent()) {
            throw new JobRejectedException("content", "the photo is " + photo.width() + "x" + photo.height()
                    + (width != photo.width() || height != photo.height() ? ", " + width + "x" + height + " at size "
                            + options.size() : "") + ": " + plain(problem.get()));
        }
    }

    @Override
    public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation) {
        StylizeRequest.Builder request = StylizeRequest.builder().optMethod(submission.method())
                .optContent(submission.content()).optStyles(submission.styles()).optOptions(submission.options())
                .optOutput(files.result()).optReport(files.report()).optReadOptions(readOptions).optCommand("serve");
        if (submission.model() != null) {
            request.optModel(submission.model());
        }
        try {
            StylizeOutcome outcome = atelier.stylize(request.build(), listener, cancellation);
            return outcome.cancelled() ? JobOutcome.cancelled(Files.exists(files.result())) : JobOutcome.completed();
        } catch (AtelierException failure) {
            throw new JobFailedException(plain(failure.render(UnaryOperator.identity())), failure);
        } catch (RuntimeException | OutOfMemoryError failure) {
            throw new JobFailedException(Failures.oneLine(failure), failure);
        }
    }

    private static JobRejectedException rejected(InvalidOptionException invalid) {
        return invalid.option() == null ? new JobRejectedException("options", plain(invalid.problem()))
                : new JobRejectedException("options." + invalid.option(), plain(invalid.problem()));
    }

    /** Library text with option keys as the page names them. */
    private static String plain(String text) {
        return AtelierException.spell(text, UnaryOperator.identity());
    }
}
