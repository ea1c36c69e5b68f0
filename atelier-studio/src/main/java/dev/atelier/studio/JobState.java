package dev.atelier.studio;

import java.util.Locale;

/** Where a job is in its life; the lower-case name is what the database and the API use. */
public enum JobState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    /** {@code queued}, {@code running}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the job will not change any more. */
    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public static JobState of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
