package dev.atelier.studio;

import java.util.List;

/**
 * One option of a method, enough for the page to draw a control for it.
 *
 * @param name the key a submission uses, the command line's name without dashes ({@code style-weight})
 * @param kind {@code integer}, {@code number}, {@code boolean}, {@code choice}, {@code list}
 *     (comma-separated numbers) or {@code text}
 * @param defaultValue the default as text, {@code ""} when there is none
 * @param description one sentence, shown as the control's help
 * @param min smallest accepted value of a number, or {@code null}
 * @param max largest accepted value of a number, or {@code null}
 * @param choices accepted names of a {@code choice}; empty otherwise
 * @param main whether the page shows it among the main controls (size, iterations, strength,
 *     colours); the others go under "More settings"
 */
public record MethodOption(String name, String kind, String defaultValue, String description, Double min, Double max,
        List<String> choices, boolean main) {

    public MethodOption {
        choices = List.copyOf(choices);
    }
}
