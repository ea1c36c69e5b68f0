package dev.atelier.weights;

import dev.atelier.Failures;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.atelier.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and checked header of a safetensors file. Checks follow the reference
 * implementation: the tensors' byte ranges must tile the data section exactly (no gaps, no
 * overlaps, nothing left over) and each must match its shape and dtype.
 */
record SafetensorsHeader(Map<String, String> metadata, Map<String, SafetensorsEntry> entries, long dataStart) {
    /** The reference implementation's limit; a larger length means a damaged or foreign file. */
    static final long MAX_HEADER_LENGTH = 100_000_000;

    static final String METADATA_KEY = "__metadata__";

    /** Reads and checks the header at the start of {@code channel}. */
    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new BadInputException(file, "too short for a safetensors file (" + fileSize + " bytes)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, file);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_LENGTH) {
            throw new BadInputException(file, "safetensors header length " + Long.toUnsignedString(headerLength)
                    + " is absurd (at most " + MAX_HEADER_LENGTH + " bytes)");
        }
        if (headerLength > fileSize - 8) {
            throw new BadInputException(file, "truncated file: the safetensors header length " + headerLength
                    + " runs past the end of the file (" + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8, file);
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "safetensors header is not valid UTF-8");
        }
        long dataStart = 8 + headerLength;
        return new Parser(file, fileSize - dataStart).parse(json, dataStart);
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file)
            throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new BadInputException(file, "truncated file (it ends inside the safetensors header)");
            }
            at += read;
        }
    }

    /** Turns header JSON into entries, naming the file and the offending tensor on any problem. */
    private static final class Parser {
        private final Path file;
        private final long dataLength;

        Parser(Path file, long dataLength) {
            this.file = file;
            this.dataLength = dataLength;
        }

        SafetensorsHeader parse(String json, long dataStart) {
            if (!json.startsWith("{")) {
                throw invalid("does not start with '{'");
            }
            JsonObject root = parseStrictly(json);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> member : root.entrySet()) {
                if (member.getKey().equals(METADATA_KEY)) {
                    metadata.putAll(metadata(member.getValue()));
                } else {
                    entries.put(member.getKey(), entry(member.getKey(), member.getValue()));
                }
            }
            checkTiling(entries);
            return new SafetensorsHeader(Collections.unmodifiableMap(metadata),
                    Collections.unmodifiableMap(entries), dataStart);
        }

        private JsonObject parseStrictly(String json) {
            try {
                JsonReader reader = new JsonReader(new StringReader(json));
                reader.setStrictness(Strictness.STRICT);
                JsonElement element = new Gson().getAdapter(JsonElement.class).read(reader);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw invalid("has data after the JSON object");
                }
                if (!element.isJsonObject()) {
                    throw invalid("is not a JSON object");
                }
                return element.getAsJsonObject();
            } catch (IOException | JsonParseException e) {
                throw invalid("is not valid JSON (" + Failures.summary(e) + ")");
            }
        }

        private Map<String, String> metadata(JsonElement value) {
            if (!value.isJsonObject()) {
                throw invalid("has a " + METADATA_KEY + " that is not an object");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                if (!(member.getValue() instanceof JsonPrimitive primitive) || !primitive.isString()) {
                    throw invalid("has a non-string " + METADATA_KEY + " value for "
                            + Messages.quoted(member.getKey()));
                }
                metadata.put(member.getKey(), primitive.getAsString());
            }
            return metadata;
        }

        private SafetensorsEntry entry(String name, JsonElement value) {
            if (!value.isJsonObject()) {
                throw problem(name, "is not described by an object");
            }
            JsonObject description = value.getAsJsonObject();
            if (!(description.get("dtype") instanceof JsonPrimitive dtype) || !dtype.isString()) {
                throw problem(name, "has no string \"dtype\"");
            }
            ElementType type = ElementType.forSafetensorsName(dtype.getAsString())
                    .orElseThrow(() -> problem(name,
                            "has the unsupported dtype " + Messages.quoted(dtype.getAsString())));
            long[] shape = naturals(name, description.get("shape"), "shape", -1);
            long[] offsets = naturals(name, description.get("data_offsets"), "data_offsets", 2);
            if (offsets[1] < offsets[0]) {
                throw problem(name, "has data_offsets " + Arrays.toString(offsets) + " that end before they begin");
            }
            if (offsets[1] > dataLength) {
                throw new BadInputException(file, "truncated file: tensor " + Messages.quoted(name)
                        + " has data_offsets " + Arrays.toString(offsets) + " beyond the " + dataLength
                        + " bytes of data");
            }
            long expected;
            try {
                expected = Math.multiplyExact(HostTensor.elementCount(shape), (long) type.byteSize());
            } catch (ArithmeticException e) {
                throw problem(name, "has an impossibly large shape " + Arrays.toString(shape));
            }
            if (offsets[1] - offsets[0] != expected) {
                throw problem(name, "has data_offsets " + Arrays.toString(offsets) + " (" + (offsets[1] - offsets[0])
                        + " bytes), but shape " + Arrays.toString(shape) + " of " + type.safetensorsName()
                        + " needs " + expected + " bytes");
            }
            return new SafetensorsEntry(name, type, shape, offsets[0], offsets[1]);
        }

        /** Reads an array of non-negative integers; {@code length} -1 means any length. */
        private long[] naturals(String name, JsonElement value, String field, int length) {
            if (value == null || !value.isJsonArray()) {
                throw problem(name, "has no \"" + field + "\" array");
            }
            JsonArray array = value.getAsJsonArray();
            if (length >= 0 && array.size() != length) {
                throw problem(name, "has " + array.size() + " \"" + field + "\" values, expected " + length);
            }
            long[] result = new long[array.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = natural(name, array.get(i), field);
            }
            return result;
        }

        private long natural(String name, JsonElement value, String field) {
            if (value instanceof JsonPrimitive primitive && primitive.isNumber()) {
                try {
                    BigInteger number = new BigDecimal(primitive.getAsString()).toBigIntegerExact();
                    if (number.signum() >= 0 && number.bitLength() < Long.SIZE) {
                        return number.longValue();
                    }
                } catch (ArithmeticException | NumberFormatException e) {
                    // Falls through to the message below: a fraction is as wrong as a string.
                }
            }
            throw problem(name, "has a \"" + field + "\" value that is not a non-negative integer");
        }

        /** The ranges, in file order, must cover the data section exactly once. */
        private void checkTiling(Map<String, SafetensorsEntry> entries) {
            List<SafetensorsEntry> ordered = new ArrayList<>(entries.values());
            ordered.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
            long covered = 0;
            for (SafetensorsEntry entry : ordered) {
                if (entry.begin() != covered) {
                    String fault = entry.begin() < covered
                            ? "overlap the previous tensor" : "leave a gap after the previous tensor";
                    throw problem(entry.name(), "has data_offsets [" + entry.begin() + ", " + entry.end() + "], which "
                            + fault + " (ending at " + covered + ")");
                }
                covered = entry.end();
            }
            if (covered != dataLength) {
                throw invalid("describes " + covered + " bytes of tensor data, but " + dataLength + " follow it");
            }
        }

        private BadInputException problem(String name, String detail) {
            return new BadInputException(file, "safetensors tensor " + Messages.quoted(name) + " " + detail);
        }

        private BadInputException invalid(String detail) {
            return new BadInputException(file, "safetensors header " + detail);
        }
    }
}
