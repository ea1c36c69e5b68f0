package dev.atelier.spark;

import java.io.Serializable;

/**
 * What became of one pair on an executor, sent back to the driver for the manifest, with how that
 * executor stood (for the job's figures).
 *
 * @param pair the pair's index in the plan
 * @param content the photo's index
 * @param found whether it was found finished at the destination (by an earlier attempt of its task,
 *     or a run whose driver died before writing the manifest) rather than made now
 * @param error why it failed, or {@code null}
 * @param seconds time spent repainting it (for a pair found finished: what its report says)
 * @param finished when it was finished or failed (ISO-8601)
 * @param resultThumbnail the result at contact sheet cell size (PNG), when the sheet shows it
 * @param contentThumbnail the photo at cell size (PNG), with the photo's first pair, when the sheet shows it
 * @param executor the executor's id ({@code driver} in local mode)
 * @param networkLoads how many times that executor's JVM had loaded a method's networks by then
 * @param stylesPrepared how many times that executor's JVM had prepared a style by then
 * @param peakResidentBytes that JVM's peak resident memory by then (Linux), or -1
 */
record PairOutcome(int pair, int content, boolean found, String error, double seconds, String finished,
        byte[] resultThumbnail, byte[] contentThumbnail, String executor, int networkLoads, int stylesPrepared, long peakResidentBytes)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    boolean failed() {
        return error != null;
    }
}
