package dev.atelier.method;

import dev.atelier.io.ReadOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one training run reads and writes.
 *
 * @param inputs by {@link TrainingInput#role()}: one path, or several for a role that takes them
 * @param output the network file to write
 * @param resume continue from the checkpoint beside the output
 * @param readOptions limits for reading training images (larger ones are skipped)
 */
public record TrainingJob(Map<String, List<Path>> inputs, Path output, boolean resume, ReadOptions readOptions) {
    public TrainingJob {
        Map<String, List<Path>> copies = new LinkedHashMap<>();
        inputs.forEach((role, paths) -> copies.put(role, List.copyOf(paths)));
        inputs = Map.copyOf(copies);
    }

    /** The path of a role that takes one. */
    public Path path(String role) {
        List<Path> paths = inputs.get(role);
        return paths == null || paths.isEmpty() ? null : paths.get(0);
    }

    /** Every path given for a role, in the order given. */
    public List<Path> paths(String role) {
        return inputs.getOrDefault(role, List.of());
    }
}
