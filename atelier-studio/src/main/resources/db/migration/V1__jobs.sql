-- The web studio's job queue. One row per accepted job; its files live in jobs/<id>/ beside the
-- database. Times are ISO-8601 instants (UTC). Client file names are kept for display only.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    state            TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    method           TEXT    NOT NULL,
    model            TEXT,
    options          TEXT    NOT NULL,             -- JSON object: option key -> value as text
    content_file     TEXT    NOT NULL,             -- generated name inside the job folder
    style_files      TEXT    NOT NULL,             -- JSON array of generated names
    content_name     TEXT,                         -- the client's file name, display only
    style_names      TEXT    NOT NULL,             -- JSON array of the client's names, display only
    created          TEXT    NOT NULL,
    started          TEXT,
    finished         TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,   -- times a worker started it (restarts count)
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    has_result       INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    progress         TEXT                          -- JSON of the last progress of a finished job
);

CREATE INDEX jobs_by_state ON jobs (state, id);
