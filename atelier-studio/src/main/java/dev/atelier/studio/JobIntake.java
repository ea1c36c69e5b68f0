package dev.atelier.studio;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageFormat;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
import dev.atelier.video.VideoFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a submission and stores it as a queued job, or refuses it leaving no trace: uploads are
 * written under generated names to a fresh folder under {@code incoming/}, their headers checked,
 * the executor asked; only then do the row and the folder (renamed to {@code jobs/<id>/}) appear,
 * together. A refusal deletes the folder.
 *
 * <p>The content is a clip when its name says so ({@code .mp4}, {@code .mov}, …, as on the command
 * line); the executor then checks the clip itself from its container, within the studio's
 * {@link ClipLimits}. A model file uploaded instead of a model's name is stored as it is and checked by
 * the executor.
 */
final class JobIntake {
    private static final int MAX_NAME_LENGTH = 200;

    private final DataFolder folder;
    private final JobStore store;
    private final JobExecutor executor;
    private final ImageLoader images;
    private final long maxFileBytes;
    private final ClipLimits clipLimits;

    JobIntake(DataFolder folder, JobStore store, JobExecutor executor, long maxPixels, long maxFileBytes,
            ClipLimits clipLimits) {
        this.folder = folder;
        this.store = store;
        this.executor = executor;
        this.images = new ImageLoader(new ReadOptions(maxPixels));
        this.maxFileBytes = maxFileBytes;
        this.clipLimits = clipLimits;
    }

    /**
     * Stores {@code form} as a queued job.
     *
     * @throws ApiException naming the field at fault when it cannot be run
     */
    JobRecord accept(SubmissionForm form) {
        MethodInfo method = method(form.method());
        String clipExtension = form.contents().isEmpty() ? null : clipExtension(form.contents().get(0));
        boolean clip = clipExtension != null;
        Map<String, String> options = OptionsJson.parse(form.options(), clip
                ? method.withClipOptions(executor.clipOptions()) : method);
        checkShape(form);
        if (clip) {
            executor.clipsUnavailable().ifPresent(why -> {
                throw new ApiException(422, "content", "clips cannot be repainted on this server: " + why);
            });
        }
        String model = form.models().stream().map(JobIntake::blankToNull).filter(name -> name != null).findFirst()
                .orElse(null);
        Upload modelUpload = form.modelFiles().isEmpty() ? null : form.modelFiles().get(0);

        Path incoming = folder.newIncoming();
        boolean adopted = false;
        try {
            String contentFile = clip ? saveAs(form.contents().get(0), incoming, "content." + clipExtension, "content")
                    : save(form.contents().get(0), incoming, "content", "content");
            List<String> styleFiles = new ArrayList<>();
            for (int n = 1; n <= form.styles().size(); n++) {
                styleFiles.add(save(form.styles().get(n - 1), incoming, "style-" + n, "style"));
            }
            String modelFile = modelUpload == null ? null
                    : saveAs(modelUpload, incoming, DataFolder.MODEL, "model_file");
            JobSubmission submission = new JobSubmission(method.name(), incoming.resolve(contentFile),
                    styleFiles.stream().map(incoming::resolve).toList(), model,
                    modelFile == null ? null : incoming.resolve(modelFile), options, clip ? clipLimits : null);
            validate(submission);
            requireModels(submission);
            JobDraft draft = new JobDraft(method.name(), model, options, contentFile, styleFiles,
                    displayName(form.contents().get(0)), form.styles().stream().map(JobIntake::displayName).toList(),
                    Instant.now(), clip, modelFile, modelUpload == null ? null : displayName(modelUpload));
            long id = store.insert(draft, newId -> folder.adopt(incoming, newId));
            adopted = true;
            return store.get(id).orElseThrow();
        } finally {
            if (!adopted) {
                DataFolder.deleteTree(incoming);
            }
        }
    }

    /**
     * Asks the executor. Besides the {@link JobRejectedException} the seam promises, the library's
     * own refusals are understood: a bad option names its key, a bad file is one of the uploads.
     */
    private void validate(JobSubmission submission) {
        try {
            executor.validate(submission);
        } catch (JobRejectedException rejected) {
            throw ApiException.badRequest(rejected.field(), rejected.getMessage());
        } catch (InvalidOptionException invalid) {
            throw ApiException.badRequest(LibraryJobExecutor.field(invalid.option()), invalid.render(key -> key));
        } catch (BadInputException unusable) {
            Path file = unusable.file();
            String field = file == null ? null : file.equals(submission.content()) ? "content"
                    : submission.styles().contains(file) ? "style"
                    : file.equals(submission.modelFile()) ? "model_file" : null;
            throw ApiException.badRequest(field, withoutPath(unusable, file));
        }
    }

    /** The networks the job needs must be on this server or downloadable now: 422 naming the field otherwise. */
    private void requireModels(JobSubmission submission) {
        try {
            executor.requireModels(submission);
        } catch (JobRejectedException unavailable) {
            throw new ApiException(422, unavailable.field(), unavailable.getMessage());
        }
    }

    /** A refusal's message without the generated path in front, which means nothing to the client. */
    static String withoutPath(BadInputException unusable, Path file) {
        String message = unusable.getMessage();
        String prefix = file + ": ";
        return file != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private MethodInfo method(String name) {
        List<MethodInfo> methods = executor.methods();
        String names = String.join(", ", methods.stream().map(MethodInfo::name).toList());
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("method", "missing: choose one of " + names);
        }
        for (MethodInfo method : methods) {
            if (method.name().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw ApiException.badRequest("method", "unknown method '" + name + "' (expected one of " + names + ")");
    }

    /**
     * The paintings a model file holds, for the page's choice and blend sliders before a job is
     * submitted: the upload is stored under a generated name for the executor to read, then deleted.
     *
     * @throws ApiException naming {@code model_file} when it is missing, empty, too large or not a model
     *     file the executor takes
     */
    List<String> paintings(List<Upload> uploads) {
        if (uploads.size() != 1) {
            throw ApiException.badRequest("model_file", uploads.isEmpty() ? "missing: upload the model as the"
                    + " 'model_file' file" : "one model file at a time, got " + uploads.size());
        }
        Path incoming = folder.newIncoming();
        try {
            Path file = incoming.resolve(saveAs(uploads.get(0), incoming, DataFolder.MODEL, "model_file"));
            return executor.paintings(file);
        } catch (JobRejectedException rejected) {
            throw ApiException.badRequest(rejected.field(), rejected.getMessage());
        } finally {
            DataFolder.deleteTree(incoming);
        }
    }

    /**
     * The form's shape, which is the studio's to check: one photo or clip, at most one model, given by
     * name or as a file. Everything a method requires of its inputs (how many paintings, whether it
     * takes a model) is the executor's to say.
     */
    private static void checkShape(SubmissionForm form) {
        if (form.contents().isEmpty()) {
            throw ApiException.badRequest("content", "missing: upload the photo as the 'content' file");
        }
        if (form.contents().size() > 1) {
            throw ApiException.badRequest("content", "one photo per job, got " + form.contents().size());
        }
        long models = form.models().stream().filter(model -> !model.isBlank()).count();
        if (models > 1) {
            throw ApiException.badRequest("model", "one model per job, got " + models);
        }
        if (form.modelFiles().size() > 1) {
            throw ApiException.badRequest("model_file", "one model file per job, got " + form.modelFiles().size());
        }
        if (models > 0 && !form.modelFiles().isEmpty()) {
            throw ApiException.badRequest("model_file", "give either a model's name (model) or a model file"
                    + " (model_file), not both");
        }
    }

    /**
     * The extension to store a clip under when the client's name for the content says it is one (as
     * the command line tells clips from pictures), else {@code null}.
     */
    private static String clipExtension(Upload upload) {
        String name = displayName(upload);
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return VideoFiles.CLIP_EXTENSIONS.contains(extension) ? extension : null;
    }

    /** Copies one upload to {@code <base>.<ext>} in {@code target} and checks it is a usable image. */
    private String save(Upload upload, Path target, String base, String field) {
        Path file = target.resolve(saveAs(upload, target, base + ".upload", field));
        ImageHeader header;
        try {
            header = images.inspect(file);
        } catch (BadInputException unusable) {
            throw ApiException.badRequest(field, withoutPath(unusable, file));
        }
        String name = base + (header.format() == ImageFormat.JPEG ? ".jpg" : ".png");
        try {
            Files.move(file, target.resolve(name));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return name;
    }

    /** Copies one upload to {@code name} in {@code target}, refusing it empty or over the upload limit. */
    private String saveAs(Upload upload, Path target, String name, String field) {
        Path file = target.resolve(name);
        try (InputStream input = upload.content().open();
                OutputStream output = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int read; (read = input.read(buffer)) >= 0; ) {
                total += read;
                if (total > maxFileBytes) {
                    throw new ApiException(413, field, "file is larger than the " + megabytes(maxFileBytes)
                            + " upload limit");
                }
                output.write(buffer, 0, read);
            }
            if (total == 0) {
                throw ApiException.badRequest(field, "file is empty");
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return name;
    }

    /** The client's file name reduced to something safe to show: its last path segment, printable, short. */
    static String displayName(Upload upload) {
        String name = upload.clientName();
        if (name == null) {
            return null;
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return null;
        }
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }
}
