package dev.atelier.studio;

/**
 * One server-sent event about a job.
 *
 * @param name {@code state} (the job as JSON, sent on every change of state), {@code progress},
 *     {@code preview} (a new picture is ready at {@code /preview}) or {@code warning} (something the
 *     person should know that does not stop the run, {@code {"message": …}})
 * @param data its JSON text
 * @param last whether the job has finished, so no event follows
 */
record JobEvent(String name, String data, boolean last) {
    static final String STATE = "state";
    static final String PROGRESS = "progress";
    static final String PREVIEW = "preview";
    static final String WARNING = "warning";

    /** A job's state as an event. */
    static JobEvent state(JobRecord job, LiveJob live) {
        return new JobEvent(STATE, JobJson.of(job, live).toString(), job.state().finished());
    }

    /** Sent to every stream when the server stops; never written to a client. */
    static final JobEvent SHUTDOWN = new JobEvent("shutdown", "{}", true);
}
