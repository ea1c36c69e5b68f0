package dev.atelier;

import java.nio.file.Path;

/**
 * Input the user gave cannot be used: a missing, corrupt or unsupported file, an out-of-range
 * option. The message names the file (when there is one) and the problem on one line.
 */
public class BadInputException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public BadInputException(String message) {
        super(message);
        this.file = null;
    }

    public BadInputException(Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.file = file;
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file, or {@code null} when the problem is not about one file. */
    public Path file() {
        return file;
    }
}
