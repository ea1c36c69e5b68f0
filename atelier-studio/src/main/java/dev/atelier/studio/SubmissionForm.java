package dev.atelier.studio;

import java.util.List;

/**
 * The fields of a {@code POST /api/jobs} request, as sent.
 *
 * @param method the {@code method} field, or {@code null}
 * @param models the {@code model} fields (one is expected; none for methods that take paintings)
 * @param options the {@code options} field (a JSON object), or {@code null}
 * @param contents the {@code content} files (one is expected: a photo or a clip)
 * @param styles the {@code style} files, in order
 * @param modelFiles the {@code model_file} files (a model of one's own instead of a {@code model} name; at
 *     most one)
 */
record SubmissionForm(String method, List<String> models, String options, List<Upload> contents, List<Upload> styles,
        List<Upload> modelFiles) {

    /** A form without a model file. */
    SubmissionForm(String method, List<String> models, String options, List<Upload> contents, List<Upload> styles) {
        this(method, models, options, contents, styles, List.of());
    }
}
