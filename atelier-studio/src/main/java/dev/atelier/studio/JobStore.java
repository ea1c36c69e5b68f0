package dev.atelier.studio;

import dev.atelier.progress.StepFinished;
import dev.atelier.AtelierException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * The job queue, persisted in SQLite so that a restart, even after {@code kill -9}, loses nothing:
 * every change is one committed transaction (write-ahead log, {@code synchronous=FULL}), queued jobs
 * stay queued and {@link #recover} puts jobs that were running back in the queue.
 *
 * <p>A running job belongs to the studio process that claimed it (its owner, with a lease it renews);
 * only that owner records how the job ends, and a starting studio takes back only the jobs of owners
 * that are gone ({@link #recover}).
 *
 * <p>One connection, all methods synchronized: the queue sees a handful of writes a second at most,
 * and one writer is what SQLite wants anyway. Flyway creates and upgrades the schema
 * ({@code db/migration} on the class path).
 */
final class JobStore implements AutoCloseable {
    private static final String COLUMNS = "id, state, method, model, options, content_file, style_files, content_name,"
            + " style_names, created, started, finished, attempts, cancel_requested, has_result, error, progress, owner,"
            + " lease_until, warnings, networks, kind, model_file, model_name";
    /** Most warnings kept per job, and the longest one: a run that warns in a loop must not fill the disk. */
    static final int MAX_WARNINGS = 20;
    static final int MAX_WARNING_LENGTH = 1000;

    private final Connection connection;

    private JobStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating or migrating) the database in {@code file}. */
    static JobStore open(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
            Connection connection = DriverManager.getConnection(url);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=10000");
            }
            return new JobStore(connection);
        } catch (SQLException | RuntimeException failure) {
            throw new AtelierException(file + ": cannot open the job database (" + failure.getMessage() + ")", failure);
        }
    }

    /**
     * Stores a new queued job. {@code beforeCommit} receives its id while the row is not yet
     * visible to anyone (it moves the job's files into place); if it throws, nothing is stored.
     */
    synchronized long insert(JobDraft draft, IdConsumer beforeCommit) {
        try {
            connection.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (state, method, model,"
                        + " options, content_file, style_files, content_name, style_names, created, kind, model_file,"
                        + " model_name) VALUES ('queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, draft.method());
                    insert.setString(2, draft.model());
                    insert.setString(3, StudioJson.textMap(draft.options()));
                    insert.setString(4, draft.contentFile());
                    insert.setString(5, StudioJson.textList(draft.styleFiles()));
                    insert.setString(6, draft.contentName());
                    insert.setString(7, StudioJson.textList(draft.styleNames()));
                    insert.setString(8, draft.created().toString());
                    insert.setString(9, draft.clip() ? "clip" : "photo");
                    insert.setString(10, draft.modelFile());
                    insert.setString(11, draft.modelName());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                beforeCommit.accept(id);
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    synchronized Optional<JobRecord> get(long id) {
        List<JobRecord> found = query("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** Newest first: up to {@code limit} jobs with ids below {@code before} (when given), skipping {@code offset}. */
    synchronized List<JobRecord> list(int limit, Long before, long offset) {
        if (before != null) {
            return query("SELECT " + COLUMNS + " FROM jobs WHERE id < ? ORDER BY id DESC LIMIT ? OFFSET ?",
                    before, limit, offset);
        }
        return query("SELECT " + COLUMNS + " FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
    }

    synchronized Map<JobState, Integer> counts() {
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0);
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
            while (rows.next()) {
                counts.put(JobState.of(rows.getString(1)), rows.getInt(2));
            }
            return counts;
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    /**
     * Takes the oldest queued job and marks it running for {@code owner} until {@code leaseUntil}, or
     * returns empty when none waits. What an earlier attempt left (progress, warnings, networks) is
     * cleared.
     */
    synchronized Optional<JobRecord> claimNext(Instant now, String owner, Instant leaseUntil) {
        List<JobRecord> next = query("SELECT " + COLUMNS + " FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1");
        if (next.isEmpty()) {
            return Optional.empty();
        }
        long id = next.get(0).id();
        update("UPDATE jobs SET state = 'running', started = ?, attempts = attempts + 1, has_result = 0, error = NULL,"
                + " progress = NULL, warnings = '[]', networks = '{}', owner = ?, lease_until = ?"
                + " WHERE id = ? AND state = 'queued'", now.toString(), owner, leaseUntil.toString(), id);
        return get(id);
    }

    /**
     * Extends the lease of every job {@code owner} runs.
     *
     * @return the ids of the jobs it still runs (one taken from it is missing)
     */
    synchronized Set<Long> renewLeases(String owner, Instant until) {
        update("UPDATE jobs SET lease_until = ? WHERE owner = ? AND state = 'running'", until.toString(), owner);
        Set<Long> held = new HashSet<>();
        for (JobRecord job : query("SELECT " + COLUMNS + " FROM jobs WHERE owner = ? AND state = 'running'", owner)) {
            held.add(job.id());
        }
        return held;
    }

    /**
     * Records how a running job ended, when {@code owner} still runs it.
     *
     * @return false when the job was not {@code owner}'s to end (another studio took it back)
     */
    synchronized boolean finish(long id, String owner, JobState state, boolean hasResult, String error,
            StepFinished progress, Map<String, String> networks, Instant now) {
        return update("UPDATE jobs SET state = ?, has_result = ?, error = ?, progress = ?, networks = ?, finished = ?,"
                + " owner = NULL, lease_until = NULL WHERE id = ? AND state = 'running' AND owner = ?", state.key(),
                hasResult ? 1 : 0, error, progress == null ? null : StudioJson.progress(progress).toString(),
                StudioJson.textMap(networks), now.toString(), id, owner) == 1;
    }

    /** Puts a running job of {@code owner}'s back in the queue (the server is stopping before it could finish). */
    synchronized void requeue(long id, String owner) {
        // The attempt does not count: the job did nothing wrong, and attempts guard against crash loops.
        update("UPDATE jobs SET state = 'queued', started = NULL, attempts = attempts - 1, owner = NULL,"
                + " lease_until = NULL WHERE id = ? AND state = 'running' AND owner = ?", id, owner);
    }

    /**
     * Keeps a warning with a running job of {@code owner}'s (at most {@link #MAX_WARNINGS}, each cut to
     * {@link #MAX_WARNING_LENGTH} characters).
     *
     * @return whether it was kept
     */
    synchronized boolean addWarning(long id, String owner, String warning) {
        Optional<JobRecord> job = get(id);
        if (job.isEmpty() || !owner.equals(job.get().owner()) || job.get().warnings().size() >= MAX_WARNINGS) {
            return false;
        }
        List<String> warnings = new ArrayList<>(job.get().warnings());
        warnings.add(warning.length() > MAX_WARNING_LENGTH ? warning.substring(0, MAX_WARNING_LENGTH - 1) + "…"
                : warning);
        return update("UPDATE jobs SET warnings = ? WHERE id = ? AND state = 'running' AND owner = ?",
                StudioJson.textList(warnings), id, owner) == 1;
    }

    /** Cancels a job still waiting in the queue; false when it is not queued (any more). */
    synchronized boolean cancelQueued(long id, Instant now) {
        return update("UPDATE jobs SET state = 'cancelled', finished = ? WHERE id = ? AND state = 'queued'",
                now.toString(), id) == 1;
    }

    /**
     * Queues a cancelled clip again, to go on from its finished frames; false when the job is not a
     * cancelled clip (any more). Its attempts start over: it did nothing wrong.
     */
    synchronized boolean continueCancelledClip(long id) {
        return update("UPDATE jobs SET state = 'queued', cancel_requested = 0, started = NULL, finished = NULL,"
                + " error = NULL, attempts = 0 WHERE id = ? AND state = 'cancelled' AND kind = 'clip'", id) == 1;
    }

    /** Remembers that a running job was asked to stop, so a restart does not run it again. */
    synchronized boolean markCancelRequested(long id) {
        return update("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'", id) == 1;
    }

    /**
     * Makes the queue consistent after other studios stopped, however they stopped: a running job
     * whose owner is gone (its process no longer runs on this machine, its lease ran out, or it has no
     * owner) was interrupted. Such jobs are queued again, except those whose cancelling was asked
     * (cancelled) and those interrupted {@code maxAttempts} times already (failed: a job that crashes
     * the server must not do it forever). A job whose owner is alive is left alone.
     *
     * @return the jobs taken back, as they were before this call
     */
    synchronized List<JobRecord> recover(Instant now, int maxAttempts, StudioOwner self) {
        List<JobRecord> running = query("SELECT " + COLUMNS + " FROM jobs WHERE state = 'running' ORDER BY id");
        List<JobRecord> interrupted = new ArrayList<>();
        for (JobRecord job : running) {
            boolean gone = job.owner() == null || job.leaseUntil() == null || job.leaseUntil().isBefore(now)
                    || self.outlived(job.owner());
            if (!gone || self.text().equals(job.owner())) {
                continue;
            }
            interrupted.add(job);
            if (job.cancelRequested()) {
                update("UPDATE jobs SET state = 'cancelled', finished = ?, has_result = 0, owner = NULL,"
                        + " lease_until = NULL WHERE id = ?", now.toString(), job.id());
            } else if (job.attempts() >= maxAttempts) {
                update("UPDATE jobs SET state = 'failed', finished = ?, has_result = 0, error = ?, owner = NULL,"
                        + " lease_until = NULL WHERE id = ?", now.toString(), "the server stopped while this job ran, "
                                + job.attempts() + " times; it was not started again", job.id());
            } else {
                update("UPDATE jobs SET state = 'queued', started = NULL, owner = NULL, lease_until = NULL"
                        + " WHERE id = ?", job.id());
            }
        }
        return interrupted;
    }

    /** Ids of every stored job. */
    synchronized List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM jobs")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    private List<JobRecord> query(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<JobRecord> jobs = new ArrayList<>();
            while (rows.next()) {
                jobs.add(read(rows));
            }
            return jobs;
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    private int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException failure) {
            throw storeFailure(failure);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static JobRecord read(ResultSet row) throws SQLException {
        String progress = row.getString("progress");
        return new JobRecord(row.getLong("id"), JobState.of(row.getString("state")), row.getString("method"),
                row.getString("model"), StudioJson.textMap(row.getString("options")), row.getString("content_file"),
                StudioJson.textList(row.getString("style_files")), row.getString("content_name"),
                StudioJson.textList(row.getString("style_names")), instant(row.getString("created")),
                instant(row.getString("started")), instant(row.getString("finished")), row.getInt("attempts"),
                row.getInt("cancel_requested") != 0, row.getInt("has_result") != 0, row.getString("error"),
                progress == null ? null : StudioJson.progress(progress), row.getString("owner"),
                instant(row.getString("lease_until")), StudioJson.textList(row.getString("warnings")),
                StudioJson.textMap(row.getString("networks")), "clip".equals(row.getString("kind")),
                row.getString("model_file"), row.getString("model_name"));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static AtelierException storeFailure(SQLException failure) {
        return new AtelierException("job database: " + failure.getMessage(), failure);
    }

    /** Receives a new job's id before its row is committed. */
    @FunctionalInterface
    interface IdConsumer {
        void accept(long id);
    }
}
