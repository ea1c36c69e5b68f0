package dev.atelier.api;

import com.google.gson.JsonObject;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.OutputFormat;
import dev.atelier.io.RgbImage;
import dev.atelier.report.HistoryEntry;
import dev.atelier.report.ModelUse;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One repainted photo, in memory: nothing has been written anywhere. Immutable, and safe to hand to
 * other threads.
 *
 * @param image the result, at the size the options asked for
 * @param photo the photo as the method saw it (brought to that size)
 * @param cancelled whether the run was stopped early (the image is then the best so far)
 * @param history the loss history of methods that optimise (empty for one-pass methods), each term
 *     weighted as it entered the total
 * @param details method-specific facts, as the report's result section shows them
 * @param stylesUsed the paintings as the method used them (resized, recoloured), for side-by-side pictures
 * @param models every network that made it, with its SHA-256
 * @param seconds wall time of the repainting (the photo's preparation and the method's work)
 */
public record Stylized(RgbImage image, RgbImage photo, boolean cancelled, List<HistoryEntry> history, JsonObject details,
        List<RgbImage> stylesUsed, List<ModelUse> models, double seconds) {

    public Stylized {
        history = List.copyOf(history);
        details = details.deepCopy();
        stylesUsed = List.copyOf(stylesUsed);
        models = List.copyOf(models);
    }

    /** The result as a Java 2D picture (8-bit RGB). */
    public BufferedImage toBufferedImage() {
        return image.toBufferedImage();
    }

    /** The result encoded in {@code format} (PNG, JPEG at quality 95, …), for sending or storing. */
    public byte[] encode(OutputFormat format) {
        return new ImageSaver().encode(image, format);
    }

    /** The last history entry's total loss, or {@code NaN} for one-pass methods. */
    public double finalLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).total();
    }

    /** The details as JSON (a copy). */
    @Override
    public JsonObject details() {
        return details.deepCopy();
    }
}
