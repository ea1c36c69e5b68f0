package dev.atelier.weights;

/**
 * IEEE 754 binary16 to float32, exactly (Java 17 has no {@code Float.float16ToFloat}): one
 * conversion for every reader of half floats (safetensors, .pth storages, TensorFlow Lite).
 */
public final class Float16 {
    private Float16() {}

    public static float toFloat(short bits) {
        int half = bits & 0xffff;
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Subnormal: mantissa · 2^-24, exact in float32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
