package dev.atelier.studio;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A checked submission about to be stored: everything of a {@link JobRecord} that is known before
 * it has an id.
 */
record JobDraft(String method, String model, Map<String, String> options, String contentFile,
        List<String> styleFiles, String contentName, List<String> styleNames, Instant created, boolean clip,
        String modelFile, String modelName) {

    /** A photo's job with no model file. */
    JobDraft(String method, String model, Map<String, String> options, String contentFile, List<String> styleFiles,
            String contentName, List<String> styleNames, Instant created) {
        this(method, model, options, contentFile, styleFiles, contentName, styleNames, created, false, null, null);
    }
}
