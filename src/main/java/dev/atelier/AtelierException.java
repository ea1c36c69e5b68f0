package dev.atelier;

/**
 * Base of every failure Atelier reports to its caller. The message is a single line written for
 * the user (what went wrong and, where it helps, what to do), so a command-line front end can print
 * it as it is.
 */
public class AtelierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AtelierException(String message) {
        super(message);
    }

    public AtelierException(String message, Throwable cause) {
        super(message, cause);
    }
}
