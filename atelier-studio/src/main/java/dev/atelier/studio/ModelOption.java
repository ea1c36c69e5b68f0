package dev.atelier.studio;

import java.util.List;

/**
 * An option of a method whose value names a network file on the server (a decoder, a predictor, VGG
 * weights). The page does not show it; a submission may set it to a known model's name, never to a
 * path.
 *
 * @param name the key a submission uses, e.g. {@code transformer}
 * @param defaultValue the default as text, {@code ""} when it follows another option
 * @param description one sentence
 * @param models the known models' names made for it (see {@code GET /api/models}); others known to
 *     the catalog are accepted too, and the method says when one does not fit
 */
public record ModelOption(String name, String defaultValue, String description, List<String> models) {

    public ModelOption {
        models = List.copyOf(models);
    }
}
