package dev.atelier;

/**
 * Something a run needs could not be obtained or written: a download that failed, an output folder
 * that cannot be written, memory that ran out. The inputs and options were fine; trying again
 * elsewhere or later may work.
 */
public class UnavailableException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
