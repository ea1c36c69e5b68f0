package dev.atelier.studio;

import dev.atelier.BadInputException;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.ImageFormat;
import dev.atelier.io.ImageHeader;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ReadOptions;
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
 */
final class JobIntake {
    private static final int MAX_NAME_LENGTH = 200;

    private final DataFolder folder;
    private final JobStore store;
    private final JobExecutor executor;
    private final ImageLoader images;
    private final long maxFileBytes;

    JobIntake(DataFolder folder, JobStore store, JobExecutor executor, long maxPixels, long maxFileBytes) {
        this.folder = folder;
        this.store = store;
        this.executor = executor;
        this.images = new ImageLoader(new ReadOptions(maxPixels));
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Stores {@code form} as a queued job.
     *
     * @throws ApiException naming the field at fault when it cannot be run
     */
    JobRecord accept(SubmissionForm form) {
        MethodInfo method = method(form.method());
        Map<String, String> options = OptionsJson.parse(form.options(), method);
        checkShape(form);
        String model = form.models().stream().map(JobIntake::blankToNull).filter(name -> name != null).findFirst()
                .orElse(null);

        Path incoming = folder.newIncoming();
        boolean adopted = false;
        try {
            String contentFile = save(form.contents().get(0), incoming, "content", "content");
            List<String> styleFiles = new ArrayList<>();
            for (int n = 1; n <= form.styles().size(); n++) {
                styleFiles.add(save(form.styles().get(n - 1), incoming, "style-" + n, "style"));
            }
            JobSubmission submission = new JobSubmission(method.name(), incoming.resolve(contentFile),
                    styleFiles.stream().map(incoming::resolve).toList(), model, options);
            validate(submission);
            requireModels(submission);
            JobDraft draft = new JobDraft(method.name(), model, options, contentFile, styleFiles,
                    displayName(form.contents().get(0)), form.styles().stream().map(JobIntake::displayName).toList(),
                    Instant.now());
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
                    : submission.styles().contains(file) ? "style" : null;
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
     * The form's shape, which is the studio's to check: one photo, at most one model. Everything a
     * method requires of its inputs (how many paintings, whether it takes a model) is the
     * executor's to say.
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
    }

    /** Copies one upload to {@code <base>.<ext>} in {@code target} and checks it is a usable image. */
    private String save(Upload upload, Path target, String base, String field) {
        Path file = target.resolve(base + ".upload");
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
