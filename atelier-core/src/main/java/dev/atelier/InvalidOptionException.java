package dev.atelier;

/**
 * A value the caller chose cannot be used: out of range, malformed, contradicting another, or not
 * meant for the chosen method. It is a usage problem, found before any work starts.
 *
 * <p>Options are named by their keys ({@code style-weight}, {@code iterations}), the names a request
 * uses, never by how a front end spells them: the message starts with the offending option's key,
 * and other options appear as {@code {key}} (see {@link AtelierException#render}).
 */
public class InvalidOptionException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final String problem;

    /**
     * @param option the key of the offending option, or {@code null} when the problem lies in how
     *     several fit together and none is more at fault
     * @param problem what is wrong, in words; other options appear as {@code {key}}
     */
    public InvalidOptionException(String option, String problem) {
        super(option == null ? problem : "{" + option + "}: " + problem);
        this.option = option;
        this.problem = problem;
    }

    /** The offending option's key, or {@code null}. */
    public String option() {
        return option;
    }

    /** The problem text with other options still as {@code {key}}. */
    public String problem() {
        return problem;
    }
}
