package dev.atelier;

/**
 * An optimisation's loss or gradient became NaN or infinite, so nothing it would return could be
 * trusted: the run stops instead of handing back NaN losses or a blank image. It happens when the
 * weights are so large (a style weight of 1e300) that float32 overflows. The message says where it
 * happened and what to lower.
 */
public class NonFiniteLossException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
