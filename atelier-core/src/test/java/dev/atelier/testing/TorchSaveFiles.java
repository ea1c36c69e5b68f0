package dev.atelier.testing;

import dev.atelier.weights.HostTensor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes state dicts as {@code torch.save} does, through the weights package's test writers
 * ({@code TorchSaveWriter}), which are package-private there: reached by reflection so this
 * package's tests use the very same byte-exact writers instead of a copy.
 */
public final class TorchSaveFiles {
    private TorchSaveFiles() {}

    /** torch 1.6+ zip layout. */
    public static void writeZip(Path file, Map<String, HostTensor> tensors) {
        write("writeZip", file, tensors);
    }

    /** The legacy layout of torch before 1.6, which the published pytorch/examples models use. */
    public static void writeLegacy(Path file, Map<String, HostTensor> tensors) {
        write("writeLegacy", file, tensors);
    }

    private static void write(String method, Path file, Map<String, HostTensor> tensors) {
        try {
            Class<?> tensorType = Class.forName("dev.atelier.weights.TorchTensor");
            Method floats = tensorType.getDeclaredMethod("floats", float[].class, long[].class);
            floats.setAccessible(true);
            Map<String, Object> torchTensors = new LinkedHashMap<>();
            for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
                torchTensors.put(entry.getKey(), floats.invoke(null, entry.getValue().values(),
                        entry.getValue().shape()));
            }
            Method writer = Class.forName("dev.atelier.weights.TorchSaveWriter").getDeclaredMethod(method, Path.class,
                    Map.class);
            writer.setAccessible(true);
            writer.invoke(null, file, torchTensors);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the weights package's TorchSaveWriter changed", e);
        }
    }
}
