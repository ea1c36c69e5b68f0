package dev.atelier.server;

/** Where {@code atelier serve} gets its {@link JobExecutor}. */
public final class JobExecutors {
    private JobExecutors() {}

    /**
     * The executor that runs jobs with the library's methods and models.
     *
     * @throws UnsupportedOperationException until the library's entry point is connected
     */
    public static JobExecutor fromLibrary() {
        throw new UnsupportedOperationException("not wired yet");
    }
}
