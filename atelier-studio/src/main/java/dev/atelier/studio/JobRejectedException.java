package dev.atelier.studio;

import dev.atelier.AtelierException;

/**
 * A submission cannot be run as given; the studio answers 400 naming {@link #field()} and stores
 * nothing.
 */
public class JobRejectedException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the submission field at fault: {@code method}, {@code model}, {@code content},
     *     {@code style}, or {@code options.<key>}
     * @param message what is wrong, one line, without the field's name in front
     */
    public JobRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
