package dev.atelier.studio;

import com.google.gson.JsonObject;
import dev.atelier.AtelierException;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web studio without HTTP: the persistent job queue, the worker threads that run jobs through
 * a {@link JobExecutor}, and the live progress that event streams watch.
 *
 * <p>One studio per data folder: opening it takes the folder's lock ({@link StudioLock}) before the
 * database is touched, so a second studio on the same folder is refused instead of running the
 * first one's jobs again. The jobs it runs are claimed in their rows with its name and a lease it
 * renews; opening recovers only the jobs of owners that are gone ({@link JobStore#recover}) and
 * clears files no job owns. {@link #close()} stops gracefully: running jobs are asked to stop and go
 * back in the queue, so the next start runs them from the beginning.
 */
final class Studio implements AutoCloseable {
    /** Times a job may be interrupted by a server stop before it is marked failed instead of run again. */
    static final int MAX_ATTEMPTS = 3;
    /** How long a claim on a running job holds without renewal; renewed every quarter of it. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);
    private static final long SHUTDOWN_WAIT_MILLIS = 30_000;
    /** The stage of a clip's steps, one per frame (dev.atelier.video's progress). */
    private static final String CLIP_STAGE = "video";

    private final StudioOptions options;
    private final DataFolder folder;
    private final StudioLock lock;
    private final StudioOwner owner;
    private final JobStore store;
    private final JobExecutor executor;
    private final JobIntake intake;
    private final JobEvents events = new JobEvents();
    private final Map<Long, LiveJob> running = new ConcurrentHashMap<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService leases;
    private volatile boolean closing;

    private Studio(StudioOptions options, DataFolder folder, StudioLock lock, StudioOwner owner, JobStore store,
            JobExecutor executor) {
        this.options = options;
        this.folder = folder;
        this.lock = lock;
        this.owner = owner;
        this.store = store;
        this.executor = executor;
        this.intake = new JobIntake(folder, store, executor, options.maxPixels(), options.maxRequestBytes(),
                options.clipLimits());
        this.leases = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "atelier-leases");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the studio in {@code options.dataFolder()} and starts its workers.
     *
     * @throws StudioLockedException when another studio uses the folder (nothing in it is touched)
     */
    static Studio open(StudioOptions options, JobExecutor executor) {
        DataFolder folder = new DataFolder(options.dataFolder());
        folder.create();
        StudioOwner owner = StudioOwner.current();
        StudioLock lock = StudioLock.acquire(folder.root(), owner);
        JobStore store;
        try {
            store = JobStore.open(folder.database());
        } catch (RuntimeException failure) {
            lock.close();
            throw failure;
        }
        Studio studio = new Studio(options, folder, lock, owner, store, executor);
        try {
            studio.recover();
        } catch (RuntimeException failure) {
            store.close();
            lock.close();
            throw failure;
        }
        studio.startWorkers();
        return studio;
    }

    private void recover() {
        for (JobRecord interrupted : store.recover(Instant.now(), MAX_ATTEMPTS, owner)) {
            // A clip's finished frames stay: the job continues from them when it runs again.
            folder.deleteOutputs(interrupted.id(), DataFolder.kept(interrupted));
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
        long every = LEASE.toMillis() / 4;
        leases.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** Keeps this studio's claims alive; a job that is no longer this studio's is stopped, its end unrecorded. */
    private void renewLeases() {
        try {
            Set<Long> held = store.renewLeases(owner.text(), Instant.now().plus(LEASE));
            running.values().forEach(live -> {
                if (!held.contains(live.id())) {
                    LOG.warn("job {} is no longer this studio's; stopping it", live.id());
                    live.stopLost();
                }
            });
        } catch (RuntimeException failure) {
            if (!closing) {
                LOG.error("cannot renew the leases of the running jobs", failure);
            }
        }
    }

    /** Tells a second studio on this folder where this one listens. */
    void announce(String address) {
        lock.announce(address);
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

    /** The paintings of a model file uploaded from the page, before any job is submitted. */
    List<String> paintings(List<Upload> modelFiles) {
        return intake.paintings(modelFiles);
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

    List<JobRecord> list(int limit, Long before, long offset) {
        return store.list(limit, before, offset);
    }

    Map<JobState, Integer> counts() {
        return store.counts();
    }

    /**
     * Cancels a queued job at once, or asks a running one to stop: its run's cancellation is
     * requested before this returns, and the job ends cancelled however the run returns (with its
     * best result so far when its method has one).
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
            LiveJob live = running.get(id);
            if (live != null) {
                live.cancel();
            }
            store.markCancelRequested(id);
            JobRecord asked = existing(id);
            events.publish(id, JobEvent.state(asked, live));
            return asked;
        }
        throw new ApiException(409, null, "job " + id + " has already finished (" + job.state().key() + ")");
    }

    /**
     * Queues a cancelled clip again: its run goes on from the frames it finished (kept in its folder, as
     * the video module keeps them), or from the first when it finished none.
     *
     * @throws ApiException 404 for no such job, 409 when it is not a cancelled clip
     */
    JobRecord continueClip(long id) {
        if (closing) {
            throw new ApiException(503, null, "the studio is stopping");
        }
        JobRecord job = existing(id);
        if (!job.clip() || !store.continueCancelledClip(id)) {
            throw new ApiException(409, null, "job " + id + " is not a cancelled clip (" + (job.clip() ? "" : "a photo, ")
                    + job.state().key() + "); only a cancelled clip goes on from its finished frames");
        }
        wakeUps.release();
        JobRecord queued = existing(id);
        events.publish(id, JobEvent.state(queued, null));
        return queued;
    }

    /** The photo (or clip) of a job, as uploaded. */
    Path photo(JobRecord job) {
        return folder.job(job.id()).resolve(job.contentFile());
    }

    /**
     * The n-th painting of a job, as uploaded, counting from 1.
     *
     * @throws ApiException 404 when it has no such painting
     */
    Path painting(JobRecord job, long n) {
        int count = job.styleFiles().size();
        if (n < 1 || n > count) {
            throw ApiException.notFound("job " + job.id() + " has no painting " + n
                    + " (paintings are numbered from 1; it has " + count + ")");
        }
        return folder.job(job.id()).resolve(job.styleFiles().get((int) n - 1));
    }

    private void work() {
        while (!closing) {
            Optional<JobRecord> next;
            try {
                next = store.claimNext(Instant.now(), owner.text(), Instant.now().plus(LEASE));
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
            folder.deleteOutputs(id, DataFolder.kept(job));
            publishState(id, live);
            JobFiles files = folder.files(job);
            JobSubmission submission = new JobSubmission(job.method(), photo(job),
                    job.styleFiles().stream().map(name -> folder.job(id).resolve(name)).toList(), job.model(),
                    job.modelFile() == null ? null : folder.job(id).resolve(job.modelFile()), job.options(),
                    job.clip() ? options.clipLimits() : null);
            // Read after registering the live job: a cancel that came in between claiming and now
            // either sees the live job or left its mark in the row.
            if (store.get(id).map(JobRecord::cancelRequested).orElse(false)) {
                live.cancel();
            }
            long started = System.nanoTime();
            JobOutcome outcome = null;
            String error = null;
            try {
                outcome = executor.run(submission, files, listener(live, job.clip()), live.cancellation());
            } catch (AtelierException failed) { // JobFailedException, or a library failure meant for users
                error = shown(failed.getMessage(), id);
            } catch (RuntimeException | Error bug) {
                LOG.error("job {} failed unexpectedly", id, bug);
                error = "internal error: " + shown(bug.toString(), id);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean hasResult = Files.isRegularFile(files.result());
            if (live.lost()) {
                return; // Another studio took the job back; it is not this one's to record.
            }
            if (live.shuttingDown() && !live.cancelRequested() && !(outcome != null && !outcome.cancelled())) {
                // Stopped by the server rather than by its own fault or a person: run it again after the restart
                // (a clip from its finished frames).
                folder.deleteOutputs(id, DataFolder.kept(job));
                store.requeue(id, owner.text());
                return;
            }
            JobState state;
            if (live.cancelRequested()) {
                // A person asked: cancelled, whether the run stopped, finished anyway or failed on the way out.
                state = JobState.CANCELLED;
                error = null;
            } else if (outcome == null) {
                state = JobState.FAILED;
            } else if (outcome.cancelled()) {
                state = JobState.CANCELLED;
            } else if (hasResult) {
                state = JobState.DONE;
            } else {
                state = JobState.FAILED;
                error = "the method finished without writing a result";
            }
            if (state == JobState.FAILED && files.work() != null) {
                // A failed job never runs again: a clip's finished frames are of no more use.
                DataFolder.deleteTree(files.work());
            }
            store.finish(id, owner.text(), state, hasResult, error, JobProgress.finished(live.progress(), state, seconds),
                    outcome == null ? Map.of() : outcome.networks(), Instant.now());
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

    /** A message as the page shows it: option keys spelt plainly, no paths of this server. */
    private String shown(String message, long id) {
        return ServerPaths.hide(AtelierException.spell(message, UnaryOperator.identity()), folder.job(id));
    }

    private void publishState(long id, LiveJob live) {
        store.get(id).ifPresent(job -> events.publish(id, JobEvent.state(job, live)));
    }

    /**
     * A job's run events as the page sees them: the latest step as its progress, pictures as they form
     * as previews (asked for a few times a second at most: each costs a copy of the image), and
     * warnings, kept with the job and relayed as they come. A clip's progress counts its frames: the
     * steps of each frame's own work (an optimisation's iterations) are not the job's.
     */
    private RunListener listener(LiveJob live, boolean clip) {
        return new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                if (event instanceof StepFinished step && (!clip || CLIP_STAGE.equals(step.stage()))) {
                    StepFinished shown = live.progress(step);
                    events.publish(live.id(),
                            new JobEvent(JobEvent.PROGRESS, StudioJson.progress(shown).toString(), false));
                } else if (event instanceof ImageFormed formed && live.preview(formed.image())) {
                    events.publish(live.id(), new JobEvent(JobEvent.PREVIEW,
                            "{\"version\":" + live.previewVersion() + "}", false));
                } else if (event instanceof Warning warning && live.warningKept()) {
                    warn(live, warning.message());
                }
            }

            @Override
            public boolean wantsImages() {
                return live.previewDue();
            }
        };
    }

    private void warn(LiveJob live, String message) {
        String text = shown(message, live.id());
        try {
            if (store.addWarning(live.id(), owner.text(), text)) {
                JsonObject data = new JsonObject();
                data.addProperty("message", text);
                events.publish(live.id(), new JobEvent(JobEvent.WARNING, data.toString(), false));
            }
        } catch (RuntimeException failure) {
            LOG.warn("job {}: cannot keep its warning '{}'", live.id(), text, failure);
        }
    }

    /**
     * Stops gracefully: no new jobs start, running ones are asked to stop and are queued again,
     * event streams end, the database closes, and the folder's lock is released last.
     */
    @Override
    public void close() {
        closing = true;
        leases.shutdownNow();
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
        try {
            store.close();
        } finally {
            lock.close();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
