package dev.atelier.weights.torch7;

import dev.atelier.weights.Float16;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The element types of Torch7 storages and tensors, by the class names Torch7 writes: {@code
 * torch.FloatStorage}, {@code torch.FloatTensor}, and the CUDA classes, whose serialised bytes are
 * the same as their CPU twins' ({@code torch.CudaStorage} holds float32).
 */
public enum StorageType {
    BYTE("Byte", 1),
    CHAR("Char", 1),
    SHORT("Short", 2),
    INT("Int", 4),
    LONG("Long", 8),
    FLOAT("Float", 4),
    DOUBLE("Double", 8),
    HALF("Half", 2);

    private static final Map<String, StorageType> STORAGES = new TreeMap<>();
    private static final Map<String, StorageType> TENSORS = new TreeMap<>();

    static {
        for (StorageType type : values()) {
            STORAGES.put("torch." + type.prefix + "Storage", type);
            TENSORS.put("torch." + type.prefix + "Tensor", type);
            // CUDA's float type is plain "Cuda"; the others are "Cuda" + their CPU name.
            String cuda = type == FLOAT ? "Cuda" : "Cuda" + type.prefix;
            STORAGES.put("torch." + cuda + "Storage", type);
            TENSORS.put("torch." + cuda + "Tensor", type);
        }
    }

    private final String prefix;
    private final int byteSize;

    StorageType(String prefix, int byteSize) {
        this.prefix = prefix;
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the values are floating point (weights); integer storages hold indices and sizes. */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == HALF;
    }

    /** The storage type a storage class name stands for, e.g. {@code torch.FloatStorage}. */
    public static Optional<StorageType> ofStorageClass(String className) {
        return Optional.ofNullable(STORAGES.get(className));
    }

    /** The element type a tensor class name stands for, e.g. {@code torch.DoubleTensor}. */
    public static Optional<StorageType> ofTensorClass(String className) {
        return Optional.ofNullable(TENSORS.get(className));
    }

    /** The element at absolute byte position {@code position} of a little-endian buffer, as float32. */
    float floatAt(ByteBuffer buffer, int position) {
        return switch (this) {
            case BYTE -> buffer.get(position) & 0xff;
            case CHAR -> buffer.get(position);
            case SHORT -> buffer.getShort(position);
            case INT -> buffer.getInt(position);
            case LONG -> buffer.getLong(position);
            case FLOAT -> buffer.getFloat(position);
            case DOUBLE -> (float) buffer.getDouble(position);
            case HALF -> Float16.toFloat(buffer.getShort(position));
        };
    }
}
