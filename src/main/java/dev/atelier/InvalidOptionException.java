package dev.atelier;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value the caller chose cannot be used: out of range, malformed, contradicting another, or not
 * meant for the chosen method. It is a usage problem, found before any work starts.
 *
 * <p>Options are named by their keys ({@code style-weight}, {@code iterations}), the names a request
 * uses, never by how a front end spells them: the problem text may mention other options as
 * {@code {key}}, and {@link #render} lets the command line show {@code --style-weight} where the web
 * studio shows {@code style-weight}.
 */
public class InvalidOptionException extends AtelierException {
    private static final long serialVersionUID = 1L;
    private static final Pattern REFERENCE = Pattern.compile("\\{([a-z0-9-]+)}");

    private final String option;
    private final String problem;

    /**
     * @param option the key of the offending option, or {@code null} when the problem lies in how
     *     several fit together and none is more at fault
     * @param problem what is wrong, in words; other options appear as {@code {key}}
     */
    public InvalidOptionException(String option, String problem) {
        super(render(option, problem, UnaryOperator.identity()));
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

    /** The message with every option key spelt by {@code spelling}, e.g. {@code key -> "--" + key}. */
    public String render(UnaryOperator<String> spelling) {
        return render(option, problem, spelling);
    }

    private static String render(String option, String problem, UnaryOperator<String> spelling) {
        Matcher matcher = REFERENCE.matcher(problem);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(text, Matcher.quoteReplacement(spelling.apply(matcher.group(1))));
        }
        matcher.appendTail(text);
        return option == null ? text.toString() : spelling.apply(option) + ": " + text;
    }
}
