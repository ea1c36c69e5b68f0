package dev.atelier.weights.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second, deliberately naive walk through a known-good .tflite file, written from the schema
 * field numbers in PROVENANCE.md without sharing any code with {@link TfliteModel}: the tests read
 * stored integers and scales here and compare what the reader makes of them.
 */
final class RawTflite {
    private final ByteBuffer bytes;

    RawTflite(Path file) throws IOException {
        bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A stored tensor: type code, shape, data bytes, and its quantisation as stored. */
    record Stored(int type, int[] shape, ByteBuffer data, float[] scales, long[] zeroPoints, int dimension) {
        /** The INT8 value at a flat index. */
        byte int8(int index) {
            return data.get(index);
        }

        int int32(int index) {
            return data.getInt(4 * index);
        }

        short float16Bits(int index) {
            return data.getShort(2 * index);
        }
    }

    Stored tensor(String name) {
        int model = bytes.getInt(0);
        int graph = element(field(model, 2), 0);
        int tensors = field(graph, 0);
        for (int i = 0; i < bytes.getInt(tensors); i++) {
            int tensor = element(tensors, i);
            if (!name.equals(string(field(tensor, 3)))) {
                continue;
            }
            int shapeVector = field(tensor, 0);
            int[] shape = new int[shapeVector < 0 ? 0 : bytes.getInt(shapeVector)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = bytes.getInt(shapeVector + 4 + 4 * d);
            }
            int type = slot(tensor, 1) == 0 ? 0 : bytes.get(tensor + slot(tensor, 1));
            int bufferIndex = bytes.getInt(tensor + slot(tensor, 2));
            int data = field(element(field(model, 4), bufferIndex), 0);
            ByteBuffer stored = bytes.slice(data + 4, bytes.getInt(data)).order(ByteOrder.LITTLE_ENDIAN);
            float[] scales = new float[0];
            long[] zeroPoints = new long[0];
            int dimension = 0;
            int quantization = field(tensor, 4);
            if (quantization >= 0) {
                int scaleVector = field(quantization, 2);
                if (scaleVector >= 0) {
                    scales = new float[bytes.getInt(scaleVector)];
                    for (int s = 0; s < scales.length; s++) {
                        scales[s] = bytes.getFloat(scaleVector + 4 + 4 * s);
                    }
                    int zeroVector = field(quantization, 3);
                    zeroPoints = new long[bytes.getInt(zeroVector)];
                    for (int z = 0; z < zeroPoints.length; z++) {
                        zeroPoints[z] = bytes.getLong(zeroVector + 4 + 8 * z);
                    }
                }
                dimension = slot(quantization, 6) == 0 ? 0 : bytes.getInt(quantization + slot(quantization, 6));
            }
            return new Stored(type, shape, stored, scales, zeroPoints, dimension);
        }
        throw new IllegalArgumentException("no tensor " + name);
    }

    /** The vtable entry of field {@code index} of the table at {@code table}; 0 when absent. */
    private int slot(int table, int index) {
        int vtable = table - bytes.getInt(table);
        return 4 + 2 * index < (bytes.getShort(vtable) & 0xffff) ? bytes.getShort(vtable + 4 + 2 * index) & 0xffff : 0;
    }

    /** Where a reference field points, or -1. */
    private int field(int table, int index) {
        int offset = slot(table, index);
        return offset == 0 ? -1 : table + offset + bytes.getInt(table + offset);
    }

    private int element(int vector, int index) {
        int position = vector + 4 + 4 * index;
        return position + bytes.getInt(position);
    }

    private String string(int position) {
        byte[] text = new byte[bytes.getInt(position)];
        bytes.get(position + 4, text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
