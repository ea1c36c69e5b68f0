package dev.atelier.video;

import com.google.gson.JsonObject;
import java.nio.file.Path;

/**
 * What a video run did.
 *
 * @param output the clip written, or {@code null} when the run stopped before the end
 * @param report the report written beside it, or {@code null} when the run stopped
 * @param frames the clip's frames
 * @param framesDone frames repainted and kept (all of them once the clip is written)
 * @param keptFromBefore of those, frames an interrupted run had finished
 * @param cancelled whether the run was stopped; its finished frames wait in {@code workFolder}
 * @param seconds wall time of this run
 * @param workFolder where an interrupted run's frames wait (removed once the clip is written)
 */
public record VideoOutcome(Path output, JsonObject report, long frames, long framesDone, long keptFromBefore,
        boolean cancelled, double seconds, Path workFolder) {

    public VideoOutcome {
        report = report == null ? null : report.deepCopy();
    }

    @Override
    public JsonObject report() {
        return report == null ? null : report.deepCopy();
    }
}
