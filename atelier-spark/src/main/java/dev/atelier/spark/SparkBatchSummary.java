package dev.atelier.spark;

import dev.atelier.batch.FailedPair;
import java.util.List;
import java.util.Map;

/**
 * How a Spark job ended.
 *
 * @param total pairs in the plan
 * @param skipped pairs finished by an earlier run (the manifest said so) and kept
 * @param made pairs made by this job
 * @param found pairs found finished at the destination though the manifest did not list them done
 *     (an earlier run whose driver died, or a retried task's earlier attempt): kept
 * @param failed pairs that failed, listed in {@code failures}
 * @param seconds wall time of the job, from planning to the last file
 * @param pairSeconds the time spent repainting, summed over the pairs made
 * @param tasks how many Spark tasks made the pairs (0 when there was nothing to make)
 * @param failures every failed pair with its reason
 * @param manifest the manifest's path
 * @param contactSheet the contact sheet's path, or {@code null} when none is drawn
 * @param index the index page's path, or {@code null} when none is written
 * @param executors per executor that made pairs: its figures
 */
public record SparkBatchSummary(int total, int skipped, int made, int found, int failed, double seconds,
        double pairSeconds, int tasks, List<FailedPair> failures, String manifest, String contactSheet, String index,
        Map<String, ExecutorFigures> executors) {

    public SparkBatchSummary {
        failures = List.copyOf(failures);
        executors = Map.copyOf(executors);
    }

    /** Whether every pair of the plan now has its result. */
    public boolean complete() {
        return failed == 0;
    }

    /**
     * One executor's share of a job.
     *
     * @param pairs pairs it made or found
     * @param networkLoads how many times its JVM had loaded a method's networks, all jobs together
     * @param stylesPrepared how many times its JVM had prepared a style (a painting's statistics or
     *     embedding, a model), all jobs together
     * @param peakResidentBytes its JVM's peak resident memory (heap and native), or -1 where unknown
     */
    public record ExecutorFigures(int pairs, int networkLoads, int stylesPrepared, long peakResidentBytes) {}
}
