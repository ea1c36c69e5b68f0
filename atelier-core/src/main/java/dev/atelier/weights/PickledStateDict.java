package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Finds the state_dict in what a .pth pickle holds. A plain state_dict is a dict of name to
 * tensor. Training checkpoints wrap it: when the top-level dict holds no tensors itself, its
 * {@code state_dict}, {@code model_state_dict} or {@code model} entry (the first that is a dict) is
 * used instead. Entries that are not tensors (an epoch counter, say) are ignored.
 */
final class PickledStateDict {
    private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model");

    private PickledStateDict() {
    }

    /**
     * The tensors to read: those {@code keep} accepts and whose elements are floating point.
     * Integer and boolean tensors (BatchNorm's {@code num_batches_tracked}, masks) are left out: they
     * are counters, not weights, and float32 cannot hold every int64 exactly.
     */
    static Map<String, TensorReference> select(Object root, Path file, Predicate<String> keep) {
        Map<String, TensorReference> selected = new LinkedHashMap<>();
        tensors(root, file).forEach((name, tensor) -> {
            if (keep.test(name) && tensor.slice().storage().type().isFloatingPoint()) {
                selected.put(name, tensor);
            }
        });
        return selected;
    }

    /** Every tensor of the state_dict, in the file's order. */
    static Map<String, TensorReference> tensors(Object root, Path file) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new BadInputException(file, "holds a " + PickleValues.typeName(root) + ", not a state_dict");
        }
        Map<?, ?> dictionary = top;
        if (!holdsTensors(top)) {
            for (String key : WRAPPER_KEYS) {
                if (top.get(key) instanceof Map<?, ?> nested) {
                    dictionary = nested;
                    break;
                }
            }
        }
        Map<String, TensorReference> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dictionary.entrySet()) {
            if (entry.getValue() instanceof TensorReference tensor) {
                if (!(entry.getKey() instanceof String name)) {
                    throw new BadInputException(file, "holds a tensor under the key " + Messages.quoted(entry.getKey())
                            + ", which is not a name");
                }
                tensors.put(name, tensor);
            }
        }
        if (tensors.isEmpty()) {
            throw new BadInputException(file, "holds no tensors, so it is not a state_dict (top-level keys: "
                    + keysText(top) + ")");
        }
        return tensors;
    }

    private static boolean holdsTensors(Map<?, ?> dictionary) {
        return dictionary.values().stream().anyMatch(TensorReference.class::isInstance);
    }

    private static String keysText(Map<?, ?> dictionary) {
        if (dictionary.isEmpty()) {
            return "none";
        }
        String shown = dictionary.keySet().stream().limit(5).map(Messages::quoted).collect(Collectors.joining(", "));
        return dictionary.size() > 5 ? shown + ", ..." : shown;
    }
}
