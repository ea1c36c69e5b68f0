package dev.atelier.options;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * How an option's text becomes a value and back. {@link #parse} only checks the form (a number, a
 * known name); ranges and how options fit together are checked by the options' {@code build()}.
 *
 * @param <T> the value's type
 */
public interface ValueType<T> {

    /**
     * The value {@code text} spells.
     *
     * @throws dev.atelier.InvalidOptionException naming {@code key} when the text has the wrong form
     */
    T parse(String key, String text);

    /** The text that {@link #parse} turns back into {@code value}; {@code ""} for no value. */
    String format(T value);

    /** The value in a report: numbers as numbers, lists as arrays, no value as null. */
    JsonElement toJson(T value);

    /** What kind of value it is, for forms and help: integer, number, boolean, choice, list, text, file. */
    String kind();

    /**
     * What the option means when given with no value, as a switch: {@code true} for a boolean, the
     * choice that {@code true} names for a choice; {@code ""} when it always needs a value.
     */
    default String bareSwitch() {
        return "";
    }

    /** The accepted names of a choice; empty for other kinds. */
    default List<String> choices() {
        return List.of();
    }
}
