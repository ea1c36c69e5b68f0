package dev.atelier;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Base of every failure Atelier reports to its caller. The message is a single line written for
 * the user (what went wrong and, where it helps, what to do).
 *
 * <p>The library never names a front end's spelling of an option: a message that points at an
 * option writes its key as {@code {key}} ({@code {overwrite}}, {@code {style-weight}}).
 * {@link #getMessage()} shows plain keys; {@link #render} lets the command line show
 * {@code --overwrite} where the web studio shows {@code overwrite}.
 */
public class AtelierException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Pattern REFERENCE = Pattern.compile("\\{([a-z0-9-]+)}");

    private final String template;

    public AtelierException(String message) {
        super(spell(message, UnaryOperator.identity()));
        this.template = message;
    }

    public AtelierException(String message, Throwable cause) {
        super(spell(message, UnaryOperator.identity()), cause);
        this.template = message;
    }

    /** The message with every option key spelt by {@code spelling}, e.g. {@code key -> "--" + key}. */
    public String render(UnaryOperator<String> spelling) {
        return spell(template, spelling);
    }

    /** {@code text} with each {@code {key}} replaced by its spelling. */
    public static String spell(String text, UnaryOperator<String> spelling) {
        if (text == null) {
            return null;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder spelled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(spelled, Matcher.quoteReplacement(spelling.apply(matcher.group(1))));
        }
        matcher.appendTail(spelled);
        return spelled.toString();
    }
}
