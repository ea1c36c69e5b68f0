package dev.atelier.studio;

import java.nio.file.Path;

/**
 * Where a run writes its outputs; all are inside the job's folder, which exists. Neither the result
 * nor the report exists when the run starts.
 *
 * @param result the result: an image (PNG) for a photo, a clip (H.264 in MP4, which browsers play)
 *     for a clip
 * @param report the JSON report (strict JSON: no NaN or Infinity)
 * @param work a folder where a clip's run keeps its finished frames until the clip is whole; the studio
 *     keeps it when the run is stopped (a server stop, a person cancelling), and a later run of the same
 *     job continues from it. {@code null} for a photo.
 */
public record JobFiles(Path result, Path report, Path work) {

    /** A photo's outputs. */
    public JobFiles(Path result, Path report) {
        this(result, report, null);
    }
}
