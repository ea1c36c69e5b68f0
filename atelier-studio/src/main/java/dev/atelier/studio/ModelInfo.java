package dev.atelier.studio;

import java.util.List;

/**
 * A trained network a job can name.
 *
 * @param name the name a submission's {@code model} field uses
 * @param method the method that runs it, e.g. {@code feedforward}
 * @param description what it paints like, e.g. {@code "The Great Wave off Kanagawa (Hokusai)"}
 * @param cached whether its weights are on this machine (otherwise the first job downloads them)
 * @param sizeBytes size of its weights, {@code 0} when unknown
 * @param paintings the paintings of a network trained on several, in the order a choice counts them
 *     ({@code style-index}, {@code style-weights}); empty for a network of one, or while it is not cached
 */
public record ModelInfo(String name, String method, String description, boolean cached, long sizeBytes,
        List<String> paintings) {

    public ModelInfo {
        paintings = List.copyOf(paintings);
    }

    /** A network of one painting. */
    public ModelInfo(String name, String method, String description, boolean cached, long sizeBytes) {
        this(name, method, description, cached, sizeBytes, List.of());
    }
}
