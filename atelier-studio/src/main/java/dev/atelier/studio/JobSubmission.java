package dev.atelier.studio;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job as submitted: the method, its inputs (files the studio stored under generated names) and
 * options as text, exactly as a user would type them on the command line without the dashes.
 *
 * @param method {@code gatys}, {@code feedforward}, {@code adain}, {@code magenta}, or another name
 *     from {@link JobExecutor#methods()}
 * @param content the photo, or the clip when {@code clip} is given
 * @param styles the paintings, in the order given; empty for a method that uses a model
 * @param model a model name from {@link JobExecutor#models()}, or {@code null}
 * @param modelFile a model file uploaded with the job (an Atelier feed-forward model file, nothing else
 *     checked yet), or {@code null}; never given with {@code model}
 * @param options option values by key ({@code "iterations" -> "64"}, {@code "backbone" ->
 *     "random-vgg19"}, {@code "style-weights" -> "1,3"}); keys not given take their defaults. A clip's
 *     own options ({@link JobExecutor#clipOptions()}) are among them.
 * @param clip for a clip, the limits it must fit; {@code null} for a photo
 */
public record JobSubmission(String method, Path content, List<Path> styles, String model, Path modelFile,
        Map<String, String> options, ClipLimits clip) {

    public JobSubmission {
        styles = List.copyOf(styles);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A photo with a model by name, or none. */
    public JobSubmission(String method, Path content, List<Path> styles, String model, Map<String, String> options) {
        this(method, content, styles, model, null, options, null);
    }

    /** Whether the content is a clip. */
    public boolean isClip() {
        return clip != null;
    }
}
