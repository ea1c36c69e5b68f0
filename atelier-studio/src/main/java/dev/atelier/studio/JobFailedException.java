package dev.atelier.studio;

import dev.atelier.AtelierException;

/** A job could not be done; its one-line message is what the user sees as the job's error. */
public class JobFailedException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
