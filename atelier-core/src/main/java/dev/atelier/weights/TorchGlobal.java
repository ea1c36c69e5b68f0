package dev.atelier.weights;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Python global that a {@code torch.save} state_dict pickle may name. This is the whole allowed
 * set: anything else a pickle names is refused before it is used. The values are inert markers; no
 * Python or Java code is looked up by name.
 */
record TorchGlobal(String module, String name, Role role, ElementType elementType) {

    /** What the pickle may do with the global. */
    enum Role {
        ORDERED_DICT,
        REBUILD_TENSOR_V2,
        REBUILD_TENSOR,
        REBUILD_PARAMETER,
        /** A typed storage class such as {@code torch.FloatStorage}, named in persistent ids. */
        STORAGE_TYPE,
        /** A dtype constant such as {@code torch.float32}. */
        DTYPE
    }

    private static final Map<String, TorchGlobal> ALLOWED = allowed();

    static Optional<TorchGlobal> find(String module, String name) {
        return Optional.ofNullable(ALLOWED.get(module + "." + name));
    }

    String qualifiedName() {
        return module + "." + name;
    }

    private static Map<String, TorchGlobal> allowed() {
        Map<String, TorchGlobal> allowed = new HashMap<>();
        add(allowed, "collections", "OrderedDict", Role.ORDERED_DICT, null);
        add(allowed, "torch._utils", "_rebuild_tensor_v2", Role.REBUILD_TENSOR_V2, null);
        add(allowed, "torch._utils", "_rebuild_tensor", Role.REBUILD_TENSOR, null);
        add(allowed, "torch._utils", "_rebuild_parameter", Role.REBUILD_PARAMETER, null);
        Map<String, ElementType> storages = Map.of(
                "Float", ElementType.FLOAT32, "Double", ElementType.FLOAT64, "Half", ElementType.FLOAT16,
                "BFloat16", ElementType.BFLOAT16, "Long", ElementType.INT64, "Int", ElementType.INT32,
                "Short", ElementType.INT16, "Char", ElementType.INT8, "Byte", ElementType.UINT8,
                "Bool", ElementType.BOOL);
        storages.forEach((prefix, type) -> {
            add(allowed, "torch", prefix + "Storage", Role.STORAGE_TYPE, type);
            // Checkpoints saved on a GPU by old torch versions name the CUDA storage classes.
            add(allowed, "torch.cuda", prefix + "Storage", Role.STORAGE_TYPE, type);
        });
        Map<String, ElementType> dtypes = Map.of(
                "float32", ElementType.FLOAT32, "float64", ElementType.FLOAT64, "float16", ElementType.FLOAT16,
                "bfloat16", ElementType.BFLOAT16, "int64", ElementType.INT64, "int32", ElementType.INT32,
                "int16", ElementType.INT16, "int8", ElementType.INT8, "uint8", ElementType.UINT8,
                "bool", ElementType.BOOL);
        dtypes.forEach((name, type) -> add(allowed, "torch", name, Role.DTYPE, type));
        return Map.copyOf(allowed);
    }

    private static void add(Map<String, TorchGlobal> allowed, String module, String name, Role role,
            ElementType type) {
        allowed.put(module + "." + name, new TorchGlobal(module, name, role, type));
    }
}
