package dev.atelier.studio;

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
 * @param previews whether it sends pictures as they form ({@link dev.atelier.progress.ImageFormed} events)
 * @param options its options, main controls first
 * @param modelOptions its options that name a network by a known model's name (not shown on the
 *     page; a submission may set them)
 */
public record MethodInfo(String name, String title, String description, int minStyles, int maxStyles,
        boolean usesModel, boolean previews, List<MethodOption> options, List<ModelOption> modelOptions) {

    public MethodInfo {
        options = List.copyOf(options);
        modelOptions = List.copyOf(modelOptions);
    }

    /** A method without options that name networks. */
    public MethodInfo(String name, String title, String description, int minStyles, int maxStyles,
            boolean usesModel, boolean previews, List<MethodOption> options) {
        this(name, title, description, minStyles, maxStyles, usesModel, previews, options, List.of());
    }

    /** This method as a clip sees it: its options, then {@code clipOptions} (a clip's own). */
    public MethodInfo withClipOptions(List<MethodOption> clipOptions) {
        List<MethodOption> all = new java.util.ArrayList<>(options);
        all.addAll(clipOptions);
        return new MethodInfo(name, title, description, minStyles, maxStyles, usesModel, previews, all, modelOptions);
    }

    /** Whether a submission may set {@code key}: a page option or one naming a network. */
    public boolean accepts(String key) {
        return option(key) != null || modelOptions.stream().anyMatch(option -> option.name().equals(key));
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
