package dev.atelier.studio;

import java.nio.file.Path;

/**
 * Where a run writes its outputs; both files are inside the job's folder, which exists. Neither
 * exists when the run starts.
 *
 * @param result the result image, PNG
 * @param report the JSON report (strict JSON: no NaN or Infinity)
 */
public record JobFiles(Path result, Path report) {
}
