package dev.atelier.api;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * What a stylize request made.
 *
 * @param images the results written by this run
 * @param report for a single photo, its report as written; {@code null} for several photos
 * @param kept results of an earlier run that were still valid and kept (several photos only)
 * @param failures photos that could not be repainted, with the reason (several photos only)
 * @param cancelled whether the run was stopped early; what was written is the best so far
 * @param seconds wall time of the run
 */
public record StylizeOutcome(List<Path> images, JsonObject report, int kept, List<Failure> failures,
        boolean cancelled, double seconds) {

    /** A photo that failed, with its one-line reason. */
    public record Failure(String name, String error) {}

    public StylizeOutcome {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }
}
