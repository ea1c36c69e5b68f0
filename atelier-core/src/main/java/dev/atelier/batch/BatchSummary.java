package dev.atelier.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * How a batch run ended.
 *
 * @param total pairs in the plan
 * @param skipped pairs finished by an earlier run and kept
 * @param done pairs made by this run
 * @param failed pairs that failed in this run, listed in {@code failures}
 * @param pending pairs left to make (after a cancellation)
 * @param cancelled whether the run was stopped before the end
 * @param seconds wall time of the run
 * @param failures every failed pair with its reason
 * @param results the result of every pair that has one now, made by this run or kept
 * @param manifest the manifest file
 * @param contactSheet the contact sheet image, or {@code null} when the run made none
 * @param index the {@code index.html} page, or {@code null} when the run made none
 */
public record BatchSummary(int total, int skipped, int done, int failed, int pending, boolean cancelled,
        double seconds, List<FailedPair> failures, List<Path> results, Path manifest, Path contactSheet, Path index) {

    public BatchSummary {
        failures = List.copyOf(failures);
        results = List.copyOf(results);
    }

    /** Whether every pair of the plan now has its result. */
    public boolean complete() {
        return failed == 0 && pending == 0;
    }
}
