package dev.atelier.spark;

import dev.atelier.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Trained networks given by a path on the cluster's file system ({@code hdfs://…/mine.safetensors}),
 * copied to the executor's local disk once per JVM (the method reads a model from a file), and
 * deleted when the JVM ends. A model on the local disk ({@code file:}) is read where it is: it must
 * then be on every executor.
 */
final class ModelCopies {
    private static final Map<String, java.nio.file.Path> COPIES = new HashMap<>();

    private ModelCopies() {}

    static synchronized java.nio.file.Path local(JobSettings.StyleSource model, Configuration configuration) {
        Path path = new Path(model.reference());
        if ("file".equals(path.toUri().getScheme())) {
            return java.nio.file.Path.of(path.toUri().getPath());
        }
        String key = model.reference() + " " + model.stamp();
        java.nio.file.Path copy = COPIES.get(key);
        if (copy != null && Files.isRegularFile(copy)) {
            return copy;
        }
        try {
            java.nio.file.Path folder = Files.createTempDirectory("atelier-model-");
            copy = folder.resolve(path.getName());
            FileSystem system = ClusterFiles.of(path, configuration);
            system.copyToLocalFile(false, path, new Path(copy.toUri()), true);
            copy.toFile().deleteOnExit();
            folder.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UnavailableException(model.display() + ": cannot copy the model to this executor ("
                    + e.getMessage() + ")", e);
        }
        COPIES.put(key, copy);
        return copy;
    }
}
