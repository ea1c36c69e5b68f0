package dev.atelier.weights;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The element types weights files store. Only the floating-point ones become {@link HostTensor}s;
 * the others are known so that their sizes can be checked and their bytes skipped.
 */
enum ElementType {
    FLOAT32(4, "F32", true),
    FLOAT64(8, "F64", true),
    FLOAT16(2, "F16", true),
    BFLOAT16(2, "BF16", true),
    INT64(8, "I64", false),
    INT32(4, "I32", false),
    INT16(2, "I16", false),
    INT8(1, "I8", false),
    UINT64(8, "U64", false),
    UINT32(4, "U32", false),
    UINT16(2, "U16", false),
    UINT8(1, "U8", false),
    BOOL(1, "BOOL", false);

    private final int byteSize;
    private final String safetensorsName;
    private final boolean floatingPoint;

    ElementType(int byteSize, String safetensorsName, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
        this.floatingPoint = floatingPoint;
    }

    int byteSize() {
        return byteSize;
    }

    String safetensorsName() {
        return safetensorsName;
    }

    /** Whether values of this type are read into float32 (integers and booleans are not). */
    boolean isFloatingPoint() {
        return floatingPoint;
    }

    static Optional<ElementType> forSafetensorsName(String name) {
        for (ElementType type : values()) {
            if (type.safetensorsName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Converts {@code count} elements from {@code source} (in its byte order) into float32 values at
     * {@code target[offset...]}.
     */
    void decode(ByteBuffer source, float[] target, int offset, int count) {
        int end = offset + count;
        switch (this) {
            case FLOAT32 -> {
                source.asFloatBuffer().get(target, offset, count);
                source.position(source.position() + count * Float.BYTES);
            }
            case FLOAT64 -> {
                for (int i = offset; i < end; i++) {
                    target[i] = (float) source.getDouble();
                }
            }
            case FLOAT16 -> {
                for (int i = offset; i < end; i++) {
                    target[i] = Float16.toFloat(source.getShort());
                }
            }
            case BFLOAT16 -> {
                for (int i = offset; i < end; i++) {
                    // bfloat16 is the upper half of a float32, so widening is exact.
                    target[i] = Float.intBitsToFloat((source.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(this + " values are not converted to float32");
        }
    }
}
