package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors read from one weights file, in the file's order. Lookups that fail name the file,
 * so a user who passed the wrong file learns which one and why.
 */
public final class StateDict {
    private final Path source;
    private final Map<String, HostTensor> tensors;

    public StateDict(Path source, Map<String, HostTensor> tensors) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The file these tensors came from (may be a synthetic name for generated weights). */
    public Path source() {
        return source;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Map<String, HostTensor> asMap() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}, which must exist and have exactly {@code shape}. */
    public HostTensor require(String name, long... shape) {
        HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new BadInputException(source, "missing tensor '" + name + "' (is this the right weights file?)");
        }
        if (shape.length > 0 && !tensor.hasShape(shape)) {
            throw new BadInputException(source, "tensor '" + name + "' has shape " + tensor.shapeText()
                    + ", expected " + Arrays.toString(shape));
        }
        return tensor;
    }

    /** A view holding only the tensors whose names start with {@code prefix}, the prefix removed. */
    public StateDict withPrefix(String prefix) {
        Map<String, HostTensor> selected = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(prefix)) {
                selected.put(name.substring(prefix.length()), tensor);
            }
        });
        return new StateDict(source, selected);
    }
}
