package dev.atelier.weights;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Names unpickled values the way a Python user knows them, for messages. */
final class PickleValues {
    private PickleValues() {
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        } else if (value instanceof String) {
            return "str";
        } else if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof byte[]) {
            return "bytes";
        } else if (value instanceof PickleTuple) {
            return "tuple";
        } else if (value instanceof List<?>) {
            return "list";
        } else if (value instanceof Map<?, ?>) {
            return "dict";
        } else if (value instanceof TorchGlobal global) {
            return global.qualifiedName();
        } else if (value instanceof StorageSlice) {
            return "storage";
        } else if (value instanceof TensorReference) {
            return "tensor";
        }
        return value.getClass().getSimpleName();
    }
}
