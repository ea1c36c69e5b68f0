package dev.atelier.studio;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;

/** Where {@code atelier serve} gets its {@link JobExecutor}. */
public final class JobExecutors {
    private JobExecutors() {}

    /**
     * The executor that runs jobs through the library's entry point, with the models of
     * {@code ATELIER_HOME} (and {@code ATELIER_MIRROR}) and the given pixel limit for images.
     */
    public static JobExecutor fromLibrary(ReadOptions readOptions) {
        return new LibraryJobExecutor(Atelier.fromEnvironment(), readOptions);
    }

    /** As {@link #fromLibrary(ReadOptions)} with an entry point of the caller's (its own model store). */
    public static JobExecutor fromLibrary(Atelier atelier, ReadOptions readOptions) {
        return new LibraryJobExecutor(atelier, readOptions);
    }
}
