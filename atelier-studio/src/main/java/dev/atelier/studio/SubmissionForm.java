package dev.atelier.studio;

import java.util.List;

/**
 * The fields of a {@code POST /api/jobs} request, as sent.
 *
 * @param method the {@code method} field, or {@code null}
 * @param models the {@code model} fields (one is expected; none for methods that take paintings)
 * @param options the {@code options} field (a JSON object), or {@code null}
 * @param contents the {@code content} files (one is expected)
 * @param styles the {@code style} files, in order
 */
record SubmissionForm(String method, List<String> models, String options, List<Upload> contents, List<Upload> styles) {
}
