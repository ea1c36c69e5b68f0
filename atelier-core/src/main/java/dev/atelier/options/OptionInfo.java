package dev.atelier.options;

import java.util.List;

/**
 * An option as a front end shows it.
 *
 * @param key the option's name as users type it without dashes, e.g. {@code style-weight}
 * @param label a short placeholder for its value, e.g. {@code BETA}
 * @param description one sentence
 * @param kind integer, number, boolean, choice, list, text or file
 * @param defaultText the default as text ({@code ""} when there is none)
 * @param choices the accepted names of a choice
 * @param main whether a simple form shows it (the controls most users touch)
 * @param inputFile whether the value names a file the run reads
 * @param minimum the smallest value a number accepts, or {@code null} when open (forms show a
 *     closed range as a slider)
 * @param maximum the largest value a number accepts, or {@code null} when open
 * @param bareSwitch what it means given with no value (a command line's bare {@code --flag}, a
 *     checkbox): {@code true}, or the choice that stands for it; {@code ""} when a value is needed
 */
public record OptionInfo(String key, String label, String description, String kind, String defaultText,
        List<String> choices, boolean main, boolean inputFile, Double minimum, Double maximum, String bareSwitch) {
    public OptionInfo {
        choices = List.copyOf(choices);
    }
}
