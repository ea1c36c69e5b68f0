package dev.atelier.method;

import dev.atelier.io.ReadOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one training run reads and writes.
 *
 * @param inputs by {@link TrainingInput#role()}
 * @param output the network file to write
 * @param resume continue from the checkpoint beside the output
 * @param readOptions limits for reading training images (larger ones are skipped)
 */
public record TrainingJob(Map<String, Path> inputs, Path output, boolean resume, ReadOptions readOptions) {
    public TrainingJob {
        inputs = Map.copyOf(inputs);
    }
}
