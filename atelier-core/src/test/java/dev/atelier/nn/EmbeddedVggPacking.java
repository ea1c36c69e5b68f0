package dev.atelier.nn;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How {@link EmbeddedVgg}'s file was made from the shared float16 copy of the AdaIN release's
 * encoder ({@code ../shared/models/adain-release-q8/vgg_normalised_relu4_1.safetensors}): every
 * tensor whose float16 values take at most 256 distinct bit patterns, and that is smaller so, becomes
 * {@code NAME.codes} (U8) and {@code NAME.values} (the distinct values, ascending); the others are
 * copied as F16. Tensors keep the source's order. Deterministic: the same source gives the same bytes,
 * which a test checks against the embedded file.
 *
 * <p>Run: {@code java -cp … dev.atelier.nn.EmbeddedVggPacking SOURCE.safetensors TARGET.safetensors}.
 */
public final class EmbeddedVggPacking {
    private EmbeddedVggPacking() {}

    public static void main(String[] arguments) throws IOException {
        byte[] packed = pack(Files.readAllBytes(Path.of(arguments[0])), EmbeddedVgg.sha256(
                Files.readAllBytes(Path.of(arguments[0]))));
        Files.write(Path.of(arguments[1]), packed);
        System.out.println(packed.length + " bytes, SHA-256 " + EmbeddedVgg.sha256(packed));
    }

    /** One tensor of the source: its name, shape and float16 bit patterns. */
    private record Source(String name, long[] shape, short[] halves) {}

    static byte[] pack(byte[] source, String sourceSha256) {
        List<Source> tensors = read(source);
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "atelier-codebook-1");
        metadata.addProperty("decoding", "NAME.codes (U8) with NAME.values (F16) is values[codes]; other tensors "
                + "are stored as they are");
        metadata.addProperty("network", "normalised VGG-19 (Gatys et al.) to relu4_1, the AdaIN release encoder "
                + "vgg_normalised, pytorch-AdaIN keys");
        metadata.addProperty("source", "vgg_normalised_relu4_1.safetensors, SHA-256 " + sourceSha256);
        header.add("__metadata__", metadata);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Source tensor : tensors) {
            short[] distinct = distinct(tensor.halves());
            int count = tensor.halves().length;
            if (distinct.length <= 256 && count + 2L * distinct.length < 2L * count) {
                byte[] codes = new byte[count];
                for (int i = 0; i < count; i++) {
                    codes[i] = (byte) indexOf(distinct, tensor.halves()[i]);
                }
                describe(header, tensor.name() + EmbeddedVgg.CODES_SUFFIX, "U8", tensor.shape(), data.size(),
                        codes.length);
                data.writeBytes(codes);
                byte[] values = halvesToBytes(distinct);
                describe(header, tensor.name() + EmbeddedVgg.VALUES_SUFFIX, "F16", new long[] {distinct.length},
                        data.size(), values.length);
                data.writeBytes(values);
            } else {
                byte[] values = halvesToBytes(tensor.halves());
                describe(header, tensor.name(), "F16", tensor.shape(), data.size(), values.length);
                data.writeBytes(values);
            }
        }
        byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(header)
                .getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, json.length + (8 - json.length % 8) % 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        ByteBuffer file = ByteBuffer.allocate(8 + padded.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(padded.length).put(padded).put(data.toByteArray());
        return file.array();
    }

    private static List<Source> read(byte[] source) {
        ByteBuffer buffer = ByteBuffer.wrap(source).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonObject header = JsonParser.parseString(new String(source, 8, headerLength, StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(header.entrySet());
        entries.removeIf(entry -> entry.getKey().equals("__metadata__"));
        entries.sort(Comparator.comparingLong(entry -> entry.getValue().getAsJsonObject()
                .getAsJsonArray("data_offsets").get(0).getAsLong()));
        List<Source> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : entries) {
            JsonObject description = entry.getValue().getAsJsonObject();
            if (!description.get("dtype").getAsString().equals("F16")) {
                throw new IllegalArgumentException(entry.getKey() + " is not F16");
            }
            JsonArray shapeArray = description.getAsJsonArray("shape");
            long[] shape = new long[shapeArray.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArray.get(i).getAsLong();
            }
            int begin = description.getAsJsonArray("data_offsets").get(0).getAsInt();
            int end = description.getAsJsonArray("data_offsets").get(1).getAsInt();
            short[] halves = new short[(end - begin) / 2];
            for (int i = 0; i < halves.length; i++) {
                halves[i] = buffer.getShort(8 + headerLength + begin + 2 * i);
            }
            tensors.add(new Source(entry.getKey(), shape, halves));
        }
        return tensors;
    }

    /** The distinct bit patterns, ordered by the value they stand for (then by bits, for -0 and 0). */
    private static short[] distinct(short[] halves) {
        TreeSet<Short> seen = new TreeSet<>(Comparator.<Short>comparingDouble(
                bits -> dev.atelier.weights.Float16.toFloat(bits)).thenComparingInt(bits -> bits & 0xffff));
        for (short half : halves) {
            seen.add(half);
            if (seen.size() > 256) {
                return new short[257];
            }
        }
        short[] result = new short[seen.size()];
        int i = 0;
        for (short half : seen) {
            result[i++] = half;
        }
        return result;
    }

    private static int indexOf(short[] table, short value) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("value not in its own table");
    }

    private static byte[] halvesToBytes(short[] halves) {
        ByteBuffer bytes = ByteBuffer.allocate(2 * halves.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short half : halves) {
            bytes.putShort(half);
        }
        return bytes.array();
    }

    private static void describe(JsonObject header, String name, String dtype, long[] shape, long begin, long length) {
        JsonObject description = new JsonObject();
        description.addProperty("dtype", dtype);
        JsonArray shapeArray = new JsonArray();
        for (long dimension : shape) {
            shapeArray.add(dimension);
        }
        description.add("shape", shapeArray);
        JsonArray offsets = new JsonArray();
        offsets.add(begin);
        offsets.add(begin + length);
        description.add("data_offsets", offsets);
        header.add(name, description);
    }

    /** For callers that want the tensors by name. */
    static Map<String, short[]> halvesByName(byte[] source) {
        Map<String, short[]> byName = new LinkedHashMap<>();
        for (Source tensor : read(source)) {
            byName.put(tensor.name(), tensor.halves());
        }
        return byName;
    }
}
