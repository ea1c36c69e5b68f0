package dev.atelier.spark;

import dev.atelier.api.StylistRequest;
import dev.atelier.batch.BatchOptions;
import dev.atelier.io.ReadOptions;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything an executor needs to make a job's pairs, broadcast once to every executor: the method
 * and its options, the batch's own options, the size and fingerprint the driver settled, where
 * results go, and every style (paintings with their bytes, so that no executor reads them again).
 *
 * @param jobId tells this job's prepared styles from an earlier job's in a long-lived executor
 * @param method the method's registered name
 * @param methodOptions the method's options as given, by key
 * @param maxPixels the largest image any input may decode to
 * @param batchOptions the batch's own options as given, by key
 * @param size the side photos are brought to (0: their own size)
 * @param fingerprint the settings' fingerprint, recorded in every report
 * @param output the output folder, qualified
 * @param styles every style of the plan, by its index
 * @param overwrite whether results already at the destination are made again
 */
record JobSettings(String jobId, String method, Map<String, String> methodOptions, long maxPixels,
        Map<String, String> batchOptions, int size, String fingerprint, String output, List<StyleSource> styles,
        boolean overwrite) implements Serializable {
    private static final long serialVersionUID = 1L;

    JobSettings {
        methodOptions = Map.copyOf(methodOptions);
        batchOptions = Map.copyOf(batchOptions);
        styles = List.copyOf(styles);
    }

    /** What every executor opens its stylist with. */
    StylistRequest stylistRequest() {
        return StylistRequest.builder().optMethod(method).optOptions(methodOptions)
                .optReadOptions(new ReadOptions(maxPixels)).build();
    }

    /** The batch's options as the driver parsed them (the folder is the driver's business). */
    BatchOptions parsedBatchOptions() {
        return BatchOptions.SCHEMA.parse(batchOptions, builder -> builder.optOutputFolder(java.nio.file.Path.of("."))
                .optSize(size).optReadOptions(new ReadOptions(maxPixels)));
    }

    /**
     * A style as executors receive it.
     *
     * @param reference the painting's or model file's qualified path, or a known model's name
     * @param display how reports and manifests name it
     * @param stamp its size and time, as the driver saw them
     * @param painting the painting's bytes, or {@code null} for a model
     * @param named whether {@code reference} is a known model's name (from each executor's cache)
     * @param problem why the driver could not send the painting (its pairs fail with it), or {@code null}
     */
    record StyleSource(String reference, String display, String stamp, byte[] painting, boolean named,
            String problem) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
