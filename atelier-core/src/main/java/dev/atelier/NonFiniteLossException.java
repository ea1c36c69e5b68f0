package dev.atelier;

/**
 * A loss became NaN or infinite, so nothing sensible can come of continuing: the run stops instead
 * of handing back NaN losses, a blank image or a report no strict JSON parser reads. It happens when
 * a weight or learning rate is so large that float32 overflows; the message says where and what to
 * lower.
 */
public class NonFiniteLossException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
