package dev.atelier.weights.tflite;

/**
 * Element types of TensorFlow Lite tensors ({@code TensorType} in schema v3), with their codes and
 * sizes. Only some can be turned into float32 weights (see {@link TfliteModel#values}).
 */
public enum TensorType {
    FLOAT32(0, 4),
    FLOAT16(1, 2),
    INT32(2, 4),
    UINT8(3, 1),
    INT64(4, 8),
    STRING(5, 0),
    BOOL(6, 1),
    INT16(7, 2),
    COMPLEX64(8, 8),
    INT8(9, 1),
    FLOAT64(10, 8);

    private final int code;
    private final int byteSize;

    TensorType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** Bytes per element; 0 for strings, whose elements vary in length. */
    public int byteSize() {
        return byteSize;
    }

    /** The type with this schema code, or {@code null} for a code Atelier does not know. */
    static TensorType forCode(int code) {
        for (TensorType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
