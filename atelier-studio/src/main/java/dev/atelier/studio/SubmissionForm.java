package dev.atelier.studio;

import java.util.List;

/**
 * The fields of a {@code POST /api/jobs} request, as sent.
 *
 * @param method the {@code method} field, or {@code null}
 * @param model the {@code model} field, or {@code null}
 * @param options the {@code options} field (a JSON object), or {@code null}
 * @param contents the {@code content} files (one is expected)
 * @param styles the {@code style} files, in order
 */
record SubmissionForm(String method, String model, String options, List<Upload> contents, List<Upload> styles) {
}
