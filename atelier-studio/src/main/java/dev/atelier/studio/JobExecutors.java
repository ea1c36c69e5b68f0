package dev.atelier.studio;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import java.util.List;
import java.util.function.Function;

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

    /**
     * As {@link #fromLibrary(ReadOptions)}, telling people who submit a job whose networks this server
     * cannot have how its administrator fetches them: {@code fetchCommand} gives the command for the
     * models named (for {@code atelier serve}, {@code atelier models --fetch NAME}).
     */
    public static JobExecutor fromLibrary(ReadOptions readOptions, Function<List<String>, String> fetchCommand) {
        return new LibraryJobExecutor(Atelier.fromEnvironment(), readOptions, fetchCommand);
    }

    /** As {@link #fromLibrary(ReadOptions)} with an entry point of the caller's (its own model store). */
    public static JobExecutor fromLibrary(Atelier atelier, ReadOptions readOptions) {
        return new LibraryJobExecutor(atelier, readOptions);
    }

    /** As {@link #fromLibrary(ReadOptions, Function)} with an entry point of the caller's. */
    public static JobExecutor fromLibrary(Atelier atelier, ReadOptions readOptions,
            Function<List<String>, String> fetchCommand) {
        return new LibraryJobExecutor(atelier, readOptions, fetchCommand);
    }
}
