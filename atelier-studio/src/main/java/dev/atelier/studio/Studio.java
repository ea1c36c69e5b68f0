package dev.atelier.studio;

import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.AtelierException;
import dev.atelier.io.RgbImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web studio without HTTP: the persistent job queue, the worker threads that run jobs through
 * a {@link JobExecutor}, and the live progress that event streams watch.
 *
 * <p>Opening it recovers from however the last server stopped ({@link JobStore#recover}) and
 * clears files no job owns. {@link #close()} stops gracefully: running jobs are asked to stop and
 * go back in the queue, so the next start runs them from the beginning.
 */
final class Studio implements AutoCloseable {
    /** Times a job may be interrupted by a server stop before it is marked failed instead of run again. */
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);
    private static final long SHUTDOWN_WAIT_MILLIS = 30_000;

    private final StudioOptions options;
    private final DataFolder folder;
    private final JobStore store;
    private final JobExecutor executor;
    private final JobIntake intake;
    private final JobEvents events = new JobEvents();
    private final Map<Long, LiveJob> running = new ConcurrentHashMap<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;

    private Studio(StudioOptions options, DataFolder folder, JobStore store, JobExecutor executor) {
        this.options = options;
        this.folder = folder;
        this.store = store;
        this.executor = executor;
        this.intake = new JobIntake(folder, store, executor, options.maxPixels(), options.maxRequestBytes());
    }

    /** Opens the studio in {@code options.dataFolder()} and starts its workers. */
    static Studio open(StudioOptions options, JobExecutor executor) {
        DataFolder folder = new DataFolder(options.dataFolder());
        folder.create();
        JobStore store = JobStore.open(folder.database());
        Studio studio = new Studio(options, folder, store, executor);
        studio.recover();
        studio.startWorkers();
        return studio;
    }

    private void recover() {
        for (JobRecord interrupted : store.recover(Instant.now(), MAX_ATTEMPTS)) {
            folder.deleteOutputs(interrupted.id(), inputs(interrupted));
            LOG.warn("job {} was interrupted by a server stop; {}", interrupted.id(),
                    store.get(interrupted.id()).map(job -> "now " + job.state().key()).orElse("gone"));
        }
        folder.clean(new HashSet<>(store.ids()));
    }

    private void startWorkers() {
        for (int n = 1; n <= options.workers(); n++) {
            Thread worker = new Thread(this::work, "atelier-worker-" + n);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    StudioOptions options() {
        return options;
    }

    DataFolder folder() {
        return folder;
    }

    JobExecutor executor() {
        return executor;
    }

    JobEvents events() {
        return events;
    }

    /** Checks and queues a submission. */
    JobRecord submit(SubmissionForm form) {
        if (closing) {
            throw new ApiException(503, null, "the studio is stopping");
        }
        JobRecord job = intake.accept(form);
        wakeUps.release();
        return job;
    }

    Optional<JobRecord> job(long id) {
        return store.get(id);
    }

    /** The job, or a 404. */
    JobRecord existing(long id) {
        return store.get(id).orElseThrow(() -> ApiException.notFound("no job " + id));
    }

    LiveJob live(long id) {
        return running.get(id);
    }

    List<JobRecord> list(int limit, Long before, int offset) {
        return store.list(limit, before, offset);
    }

    Map<JobState, Integer> counts() {
        return store.counts();
    }

    /**
     * Cancels a queued job at once, or asks a running one to stop (it ends cancelled, with its best
     * result so far when its method has one).
     *
     * @throws ApiException 404 for no such job, 409 when it has already finished
     */
    JobRecord cancel(long id) {
        JobRecord job = existing(id);
        if (job.state() == JobState.QUEUED && store.cancelQueued(id, Instant.now())) {
            JobRecord cancelled = existing(id);
            events.publish(id, JobEvent.state(cancelled, null));
            return cancelled;
        }
        job = existing(id);
        if (job.state() == JobState.RUNNING) {
            store.markCancelRequested(id);
            LiveJob live = running.get(id);
            if (live != null) {
                live.cancellation().request();
            }
            return existing(id);
        }
        throw new ApiException(409, null, "job " + id + " has already finished (" + job.state().key() + ")");
    }

    /** The path of one of a job's inputs: {@code n = 0} the photo, {@code n >= 1} the n-th painting. */
    Path input(JobRecord job, int n) {
        if (n == 0) {
            return folder.job(job.id()).resolve(job.contentFile());
        }
        if (n < 1 || n > job.styleFiles().size()) {
            throw ApiException.notFound("job " + job.id() + " has no style image " + n);
        }
        return folder.job(job.id()).resolve(job.styleFiles().get(n - 1));
    }

    private void work() {
        while (!closing) {
            Optional<JobRecord> next;
            try {
                next = store.claimNext(Instant.now());
            } catch (RuntimeException failure) {
                if (closing) {
                    return;
                }
                LOG.error("cannot read the job queue", failure);
                sleepQuietly(1000);
                continue;
            }
            if (next.isEmpty()) {
                try {
                    wakeUps.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            run(next.get());
        }
    }

    private void run(JobRecord job) {
        long id = job.id();
        LiveJob live = new LiveJob(id);
        running.put(id, live);
        try {
            folder.deleteOutputs(id, inputs(job));
            publishState(id, live);
            JobFiles files = folder.files(id);
            JobSubmission submission = new JobSubmission(job.method(), input(job, 0),
                    job.styleFiles().stream().map(name -> folder.job(id).resolve(name)).toList(), job.model(),
                    job.options());
            // Read after registering the live job: a cancel that came in between claiming and now
            // either sees the live job or left its mark in the row.
            if (store.get(id).map(JobRecord::cancelRequested).orElse(false)) {
                live.cancellation().request();
            }
            JobState state;
            boolean hasResult;
            String error = null;
            try {
                JobOutcome outcome = executor.run(submission, files, listener(live), live.cancellation());
                hasResult = Files.isRegularFile(files.result());
                if (live.shuttingDown()) {
                    folder.deleteOutputs(id, inputs(job));
                    store.requeue(id);
                    return;
                }
                if (outcome.cancelled()) {
                    state = JobState.CANCELLED;
                } else if (hasResult) {
                    state = JobState.DONE;
                } else {
                    state = JobState.FAILED;
                    error = "the method finished without writing a result";
                }
            } catch (AtelierException failed) { // JobFailedException, or a library failure meant for users
                state = JobState.FAILED;
                hasResult = false;
                error = failed.getMessage().replace(folder.job(id) + File.separator, "");
            } catch (RuntimeException | Error bug) {
                LOG.error("job {} failed unexpectedly", id, bug);
                state = JobState.FAILED;
                hasResult = false;
                error = "internal error: " + bug;
            }
            if (live.shuttingDown() && state == JobState.FAILED) {
                // Stopped by the server rather than by its own fault: run it again after the restart.
                folder.deleteOutputs(id, inputs(job));
                store.requeue(id);
                return;
            }
            store.finish(id, state, hasResult, error, live.progress(), Instant.now());
        } catch (RuntimeException storeFailure) {
            LOG.error("job {}: cannot record its end", id, storeFailure);
        } finally {
            running.remove(id);
            try {
                store.get(id).ifPresent(finished ->
                        events.publish(id, JobEvent.state(finished, null)));
            } catch (RuntimeException closed) {
                // The store closed under a job that outlived the shutdown wait; the next start recovers it.
            }
        }
    }

    private void publishState(long id, LiveJob live) {
        store.get(id).ifPresent(job -> events.publish(id, JobEvent.state(job, live)));
    }

    /**
     * A job's run events as the page sees them: the latest step as its progress, pictures as they form
     * as previews (asked for a few times a second at most: each costs a copy of the image).
     */
    private RunListener listener(LiveJob live) {
        return new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof StepFinished step) {
                    live.progress(step);
                    events.publish(live.id(),
                            new JobEvent(JobEvent.PROGRESS, StudioJson.progress(step).toString(), false));
                } else if (event instanceof ImageFormed formed && live.preview(formed.image())) {
                    events.publish(live.id(), new JobEvent(JobEvent.PREVIEW,
                            "{\"version\":" + live.previewVersion() + "}", false));
                }
            }

            @Override
            public boolean wantsImages() {
                return live.previewDue();
            }
        };
    }

    private static List<String> inputs(JobRecord job) {
        List<String> inputs = new ArrayList<>(job.styleFiles());
        inputs.add(job.contentFile());
        return inputs;
    }

    /**
     * Stops gracefully: no new jobs start, running ones are asked to stop and are queued again,
     * event streams end, the database closes.
     */
    @Override
    public void close() {
        closing = true;
        running.values().forEach(LiveJob::stopForShutdown);
        wakeUps.release(workers.size());
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MILLIS;
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        events.shutdown();
        store.close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
