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

    public DownloadFailedException(String message, List<SourceFailure> failures) {
        super(message);
        this.failures = List.copyOf(failures);
    }

    /** Each source tried, in order, with its reason; empty when none could be tried. */
    public List<SourceFailure> failures() {
        return failures;
    }
}
