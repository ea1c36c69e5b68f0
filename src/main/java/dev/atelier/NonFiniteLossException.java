package dev.atelier;

/**
 * A loss became NaN or infinite, so nothing sensible can come of continuing (and a report could not
 * hold the numbers). Usually a weight or learning rate far too large; the message says where.
 */
public class NonFiniteLossException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
