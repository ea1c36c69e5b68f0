package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer between two iterations, as plain numbers and arrays, so that a checkpoint can carry it
 * and a resumed run continues the very curve it left (L-BFGS's curvature pairs and last step, Adam's
 * moments) instead of starting its memory afresh. The point itself is not included: the caller saves
 * it with its own images and hands it back to {@link Optimizer#resume}.
 *
 * @param kind which optimizer made it ({@code lbfgs}, {@code adam}); another refuses it
 * @param numbers scalars by name
 * @param arrays arrays by name, each flattened from the point's shape (same length as the point)
 */
public record OptimizerState(String kind, Map<String, Double> numbers, Map<String, float[]> arrays) {
    public OptimizerState {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** The bytes its arrays take ({@link Optimizer#stateBytes()} says it before they are copied). */
    public long arrayBytes() {
        return arrays.values().stream().mapToLong(values -> (long) values.length * Float.BYTES).sum();
    }

    double number(String name) {
        Double value = numbers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("optimizer state without " + name);
        }
        return value;
    }

    float[] array(String name, long length) {
        float[] values = arrays.get(name);
        if (values == null || values.length != length) {
            throw new IllegalArgumentException("optimizer state without " + name + " of " + length + " values");
        }
        return values;
    }

    /** An array's values as saved: float32, which is what images are optimised in. */
    static float[] values(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray single = array.toType(DataType.FLOAT32, true)) {
            return single.toFloatArray();
        }
    }

    /** A saved array back in {@code manager}, with the shape and type of {@code like}. */
    NDArray restore(String name, NDArray like, NDManager manager) {
        NDArray values = manager.create(array(name, like.size()), like.getShape());
        if (like.getDataType() == DataType.FLOAT32) {
            return values;
        }
        NDArray converted = values.toType(like.getDataType(), true);
        values.close();
        return converted;
    }

    void requireKind(String expected) {
        if (!kind.equals(expected)) {
            throw new IllegalArgumentException("a " + kind + " state cannot resume " + expected);
        }
    }
}
