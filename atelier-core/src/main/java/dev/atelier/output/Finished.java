package dev.atelier.output;

import dev.atelier.io.RgbImage;
import dev.atelier.report.HistoryEntry;
import dev.atelier.report.Report;
import java.util.List;

/**
 * A repainted photo as the outputs write it: the picture and what it was made of, and the report
 * every output records itself in (the report's own output writes it last).
 *
 * @param photo the photo as the method saw it (at the result's size)
 * @param image the result
 * @param stylesUsed the paintings as the method used them
 * @param history the loss history of an optimisation (empty for one-pass methods)
 * @param cancelled whether the run stopped early (the image is then the best so far)
 * @param report the report being made
 */
public record Finished(RgbImage photo, RgbImage image, List<RgbImage> stylesUsed, List<HistoryEntry> history,
        boolean cancelled, Report report) {
    public Finished {
        stylesUsed = List.copyOf(stylesUsed);
        history = List.copyOf(history);
    }
}
