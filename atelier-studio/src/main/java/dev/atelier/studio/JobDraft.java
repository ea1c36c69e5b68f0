package dev.atelier.studio;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A checked submission about to be stored: everything of a {@link JobRecord} that is known before
 * it has an id.
 */
record JobDraft(String method, String model, Map<String, String> options, String contentFile,
        List<String> styleFiles, String contentName, List<String> styleNames, Instant created) {
}
