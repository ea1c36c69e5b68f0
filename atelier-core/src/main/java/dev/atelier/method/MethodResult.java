package dev.atelier.method;

import com.google.gson.JsonObject;
import dev.atelier.io.RgbImage;
import dev.atelier.report.HistoryEntry;
import dev.atelier.report.ModelUse;
import java.util.List;

/**
 * One repainted photo.
 *
 * @param image the result, the size of the photo given
 * @param cancelled whether the run was stopped early (the image is then the best so far)
 * @param history the loss history, for methods that optimise (empty for one-pass methods)
 * @param details method-specific facts for the report's result section (never non-finite numbers)
 * @param stylesUsed the paintings as the method used them (resized, recoloured), for side-by-side pictures
 * @param models networks this result used beyond the session's own (a feed-forward model is a style)
 */
public record MethodResult(RgbImage image, boolean cancelled, List<HistoryEntry> history, JsonObject details,
        List<RgbImage> stylesUsed, List<ModelUse> models) {
    public MethodResult {
        history = List.copyOf(history);
        details = details.deepCopy();
        stylesUsed = List.copyOf(stylesUsed);
        models = List.copyOf(models);
    }

    /** A one-pass result without history or details. */
    public static MethodResult of(RgbImage image, List<RgbImage> stylesUsed) {
        return new MethodResult(image, false, List.of(), new JsonObject(), stylesUsed, List.of());
    }
}
