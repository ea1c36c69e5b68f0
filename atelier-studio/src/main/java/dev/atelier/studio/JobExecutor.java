package dev.atelier.studio;

import dev.atelier.progress.RunListener;
import dev.atelier.Cancellation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one thing the web studio needs from the library: what it can run, a check of a submission,
 * and a run. The studio owns the queue, the files, HTTP and the page; an executor owns methods,
 * options, models and pictures. {@link JobExecutors#fromLibrary()} gives the real one.
 *
 * <p>Implementations must be safe to call from several threads at once: {@link #validate} runs on
 * HTTP threads while {@link #run} runs on each worker thread ({@code --workers}).
 */
public interface JobExecutor {

    /**
     * Methods and their options, for the page's controls and for validation. The studio refuses a
     * submission naming a method or an option not listed here before calling {@link #validate}.
     */
    List<MethodInfo> methods();

    /**
     * Known models: name, method, description, whether cached locally, size in bytes, and the paintings
     * of a network trained on several.
     */
    List<ModelInfo> models();

    /**
     * Why this server cannot repaint clips, in one line (FFmpeg is missing, say), or empty when it can.
     * The studio refuses clips while this says why, and the page says it.
     */
    default Optional<String> clipsUnavailable() {
        return Optional.of("this studio repaints photos only");
    }

    /**
     * The options a clip takes besides its method's (how steady its frames hold, its quality), for the
     * page's controls; a submission with a clip may set them with the method's own. Not the limits a
     * clip must fit: those are the studio's ({@link ClipLimits}).
     */
    default List<MethodOption> clipOptions() {
        return List.of();
    }

    /**
     * The paintings a model file uploaded from the page holds, by name, in the order a choice counts
     * them (the first is 1); empty for a network of one painting. Read from the file's header.
     *
     * @throws JobRejectedException naming {@code model_file} when it is not a model file this server takes
     */
    default List<String> paintings(Path modelFile) {
        throw new JobRejectedException("model_file", "this studio takes no model files");
    }

    /**
     * Checks a submission before anything is stored: an unknown method or option, a bad value, a
     * missing style or model, an image too large or too small; for a clip, the clip itself from its
     * container (a video, with a video stream, within {@link JobSubmission#clip()}'s limits), before any
     * frame is decoded. The image files exist (uploads were saved under generated names) and their
     * headers were checked to be JPEG or PNG within the server's pixel limit; a clip and a model file
     * exist, and nothing else is known about them.
     *
     * @throws JobRejectedException naming the field at fault: {@code method}, {@code model},
     *     {@code model_file}, {@code content}, {@code style}, or {@code options.<key>} such as
     *     {@code options.iterations}
     */
    void validate(JobSubmission submission);

    /**
     * Checks, after {@link #validate}, that every network the job needs can be had on this server
     * (cached, or downloadable now), so that a job that could only fail is refused up front. It may
     * take a while: a model not yet cached is fetched. A person at the page cannot supply a network,
     * so the message says what the server's administrator can do.
     *
     * @throws JobRejectedException naming the field that names the network ({@code model},
     *     {@code options.<key>}); the studio answers 422
     */
    default void requireModels(JobSubmission submission) {
    }

    /**
     * Runs a job that passed {@link #validate}: writes the result (an image, PNG, for a photo; a clip,
     * MP4, for a clip) to {@link JobFiles#result()} and the strict-JSON report to
     * {@link JobFiles#report()}, each atomically (see {@link dev.atelier.io.AtomicFiles}), and reports
     * progress to {@code listener} as it goes (a clip's steps count its frames). The studio marks the
     * job done only once this returns with the result file in place.
     *
     * <p>When {@code cancellation} is requested the run stops at its next safe point; a method that
     * has a best result so far (optimisation) writes it and its report, others write nothing; a clip
     * keeps its finished frames in {@link JobFiles#work()}, and a later run of the job continues from
     * them. Either way it returns {@link JobOutcome#cancelled(boolean)}, never throws for it.
     *
     * @throws JobFailedException with a one-line message the user can read when the job cannot be
     *     done (out of memory, weights unavailable, a file that turns out to be damaged)
     */
    JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation);
}
