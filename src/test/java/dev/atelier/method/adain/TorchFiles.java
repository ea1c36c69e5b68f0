package dev.atelier.method.adain;

import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes state dicts exactly as {@code torch.save} does, in its legacy (pre-1.6, the AdaIN release
 * files' format) or zip layout. The writer lives with the weights tests and is package-private
 * there, so it is reached reflectively rather than copied.
 */
final class TorchFiles {
    enum Layout { LEGACY, ZIP }

    private TorchFiles() {}

    static Path write(Path file, StateDict stateDict, Layout layout) {
        try {
            Class<?> tensorClass = Class.forName("dev.atelier.weights.TorchTensor");
            Method floats = tensorClass.getDeclaredMethod("floats", float[].class, long[].class);
            floats.setAccessible(true);
            Map<String, Object> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, HostTensor> entry : stateDict.asMap().entrySet()) {
                tensors.put(entry.getKey(), floats.invoke(null, entry.getValue().values(), entry.getValue().shape()));
            }
            Class<?> writer = Class.forName("dev.atelier.weights.TorchSaveWriter");
            Method write = writer.getDeclaredMethod(layout == Layout.LEGACY ? "writeLegacy" : "writeZip", Path.class,
                    Map.class);
            write.setAccessible(true);
            write.invoke(null, file, tensors);
            return file;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the weights tests' TorchSaveWriter changed", e);
        }
    }

    /** The same tensors with one left out, for damaged-file tests. */
    static StateDict without(StateDict stateDict, String name) {
        Map<String, HostTensor> kept = new LinkedHashMap<>(stateDict.asMap());
        kept.remove(name);
        return new StateDict(stateDict.source(), kept);
    }

    /** The same tensors with one replaced. */
    static StateDict with(StateDict stateDict, String name, HostTensor tensor) {
        Map<String, HostTensor> changed = new LinkedHashMap<>(stateDict.asMap());
        changed.put(name, tensor);
        return new StateDict(stateDict.source(), changed);
    }
}
