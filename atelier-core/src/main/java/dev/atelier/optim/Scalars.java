package dev.atelier.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Reading a scalar NDArray into Java, whatever its floating-point type. */
public final class Scalars {
    private Scalars() {}

    public static double toDouble(NDArray scalar) {
        if (scalar.getDataType() == DataType.FLOAT64) {
            return scalar.getDouble();
        }
        if (scalar.getDataType() == DataType.FLOAT32) {
            return scalar.getFloat();
        }
        try (NDArray converted = scalar.toType(DataType.FLOAT64, true)) {
            return converted.getDouble();
        }
    }
}
