package dev.atelier.weights;

import dev.atelier.Failures;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.AtelierException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file the reference implementation reads: tensors laid
 * out in the given order, the JSON header padded with spaces to a multiple of 8 bytes so the data
 * starts aligned. The file appears complete or not at all (written aside, then moved in place).
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
     * @throws AtelierException if the file cannot be written
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        if (tensors.containsKey(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
        }
        byte[] header = header(tensors, metadata);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, file.getFileName().toString(), ".part");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(channel, length.flip());
                writeFully(channel, ByteBuffer.wrap(header));
                for (HostTensor tensor : tensors.values()) {
                    writeValues(channel, tensor.values());
                }
            }
            moveIntoPlace(temporary, file);
        } catch (IOException e) {
            throw new AtelierException(file + ": cannot write (" + Failures.summary(e) + ")", e);
        } finally {
            deleteQuietly(temporary);
        }
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

    private static void writeValues(FileChannel channel, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(values.length, CHUNK_FLOATS) * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int end = Math.min(values.length, start + CHUNK_FLOATS);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, end - start);
            chunk.limit((end - start) * Float.BYTES);
            writeFully(channel, chunk);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Only a leftover .part file; the write itself already succeeded or reported its failure.
            }
        }
    }
}
