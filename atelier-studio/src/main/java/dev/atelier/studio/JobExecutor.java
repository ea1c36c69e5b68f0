package dev.atelier.studio;

import dev.atelier.progress.RunListener;
import dev.atelier.Cancellation;
import java.util.List;

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

    /** Known models: name, method, description, whether cached locally, and size in bytes. */
    List<ModelInfo> models();

    /**
     * Checks a submission before anything is stored: an unknown method or option, a bad value, a
     * missing style or model, an image too large or too small. The image files exist (uploads were
     * saved under generated names) and their headers were checked to be JPEG or PNG within the
     * server's pixel limit; nothing else is known about them.
     *
     * @throws JobRejectedException naming the field at fault: {@code method}, {@code model},
     *     {@code content}, {@code style}, or {@code options.<key>} such as {@code options.iterations}
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
     * Runs a job that passed {@link #validate}: writes the result image (PNG) to
     * {@link JobFiles#result()} and the strict-JSON report to {@link JobFiles#report()}, each
     * atomically (see {@link dev.atelier.io.AtomicFiles}), and reports progress to
     * {@code listener} as it goes. The studio marks the job done only once this returns with the
     * result file in place.
     *
     * <p>When {@code cancellation} is requested the run stops at its next safe point; a method that
     * has a best result so far (optimisation) writes it and its report, others write nothing.
     * Either way it returns {@link JobOutcome#cancelled(boolean)}, never throws for it.
     *
     * @throws JobFailedException with a one-line message the user can read when the job cannot be
     *     done (out of memory, weights unavailable, a file that turns out to be damaged)
     */
    JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener, Cancellation cancellation);
}
