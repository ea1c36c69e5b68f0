package dev.atelier.weights;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file the reference implementation reads: tensors laid
 * out in the given order, the JSON header padded with spaces to a multiple of 8 bytes so the data
 * starts aligned. The file appears complete or not at all ({@link AtomicFiles}).
 */
public final class SafetensorsWriter {
    private static final int CHUNK_FLOATS = 1 << 18;

    private SafetensorsWriter() {
    }

    /** Writes {@code stateDict}'s tensors with no metadata. */
    public static void write(Path file, StateDict stateDict) {
        write(file, stateDict.asMap(), Map.of());
    }

    /**
     * Writes {@code tensors} (as F32, in iteration order) and {@code metadata} (the header's
     * {@code __metadata__}, left out when empty) to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     * @throws dev.atelier.UnavailableException if the file cannot be written
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        if (tensors.containsKey(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
        }
        byte[] header = header(tensors, metadata);
        // Through AtomicFiles like every other output: the file appears whole or not at all, forced to
        // disk, and with the process's normal permissions (Files.createTempFile made models owner-only).
        AtomicFiles.write(file, output -> {
            output.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            output.write(header);
            for (HostTensor tensor : tensors.values()) {
                writeValues(output, tensor.values());
            }
        });
    }

    private static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject metadataObject = new JsonObject();
            metadata.forEach(metadataObject::addProperty);
            root.add(SafetensorsHeader.METADATA_KEY, metadataObject);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            long end = offset + (long) entry.getValue().values().length * Float.BYTES;
            JsonObject description = new JsonObject();
            description.addProperty("dtype", ElementType.FLOAT32.safetensorsName());
            JsonArray shape = new JsonArray();
            for (long dimension : entry.getValue().shape()) {
                shape.add(dimension);
            }
            description.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(end);
            description.add("data_offsets", offsets);
            root.add(entry.getKey(), description);
            offset = end;
        }
        String json = new GsonBuilder().disableHtmlEscaping().create().toJson(root);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int padding = (8 - bytes.length % 8) % 8;
        byte[] padded = Arrays.copyOf(bytes, bytes.length + padding);
        Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeValues(OutputStream output, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(values.length, CHUNK_FLOATS) * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int end = Math.min(values.length, start + CHUNK_FLOATS);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, end - start);
            output.write(chunk.array(), 0, (end - start) * Float.BYTES);
        }
    }
}
