package dev.atelier.studio;

import dev.atelier.progress.RunListener;
import java.util.List;

/**
 * A method as the page shows it and the studio checks submissions against it.
 *
 * @param name the name a submission uses, e.g. {@code gatys}
 * @param title a short human name, e.g. {@code "Optimisation (Gatys et al.)"}
 * @param description one or two sentences on what it does and how fast it is
 * @param minStyles fewest style images it takes ({@code 0} for a method that uses a model)
 * @param maxStyles most style images it takes
 * @param usesModel whether it takes a {@code model} (a trained network) instead of style images
 * @param previews whether it sends pictures as they form ({@link RunListener#onPreview})
 * @param options its options, main controls first
 */
public record MethodInfo(String name, String title, String description, int minStyles, int maxStyles,
        boolean usesModel, boolean previews, List<MethodOption> options) {

    public MethodInfo {
        options = List.copyOf(options);
    }

    /** The option called {@code key}, or {@code null}. */
    public MethodOption option(String key) {
        for (MethodOption option : options) {
            if (option.name().equals(key)) {
                return option;
            }
        }
        return null;
    }
}
