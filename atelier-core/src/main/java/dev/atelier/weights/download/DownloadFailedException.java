package dev.atelier.weights.download;

import dev.atelier.UnavailableException;
import java.util.List;

/**
 * No source of a {@link KnownWeights} delivered a verified file. The message names every source
 * and why it failed, and tells the user how to supply the file by hand.
 */
public class DownloadFailedException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    private final transient List<SourceFailure> failures;
    private final List<String> missing;

    public DownloadFailedException(String message, List<SourceFailure> failures) {
        this(message, failures, List.of());
    }

    /**
     * @param missing the names of the known models the run still lacks, so that a front end can say
     *     how to fetch them ahead of time
     */
    public DownloadFailedException(String message, List<SourceFailure> failures, List<String> missing) {
        super(message);
        this.failures = List.copyOf(failures);
        this.missing = List.copyOf(missing);
    }

    /** The known models the run still lacks (by name); empty when not known. */
    public List<String> missing() {
        return missing;
    }

    /** Each source tried, in order, with its reason; empty when none could be tried. */
    public List<SourceFailure> failures() {
        return failures;
    }
}
