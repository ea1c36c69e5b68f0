package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {
    @TempDir
    Path directory;

    /**
     * Models and checkpoints are written with the process's normal permissions, as images and reports
     * are (those of a new file under the same umask), not owner-only; and nothing but the file is left.
     */
    @Test
    void aWrittenFileHasTheSamePermissionsAsAnyNewFileAndNoTemporaryRemains() throws IOException {
        Path probe = Files.createFile(directory.resolve("probe"));
        Path model = directory.resolve("model.safetensors");
        SafetensorsWriter.write(model, Map.of("w", new HostTensor(new long[] {2}, new float[] {1, 2})), Map.of());
        assertThat(Files.getPosixFilePermissions(model)).isEqualTo(Files.getPosixFilePermissions(probe));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("probe",
                    "model.safetensors");
        }
    }

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("features.2.weight", new HostTensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-20f, 7}));
        tensors.put("features.0.bias", new HostTensor(new long[] {1}, new float[] {Float.NaN}));
        tensors.put("scalar", new HostTensor(new long[] {}, new float[] {42}));
        Map<String, String> metadata = Map.of("format", "pt", "source", "<vgg19> & \"friends\"");
        Path file = directory.resolve("model.safetensors");

        SafetensorsWriter.write(file, tensors, metadata);
        SafetensorsReader reader = SafetensorsReader.open(file);
        StateDict read = reader.read(name -> true);

        assertThat(reader.metadata()).isEqualTo(metadata);
        assertThat(read.names()).containsExactly("features.2.weight", "features.0.bias", "scalar");
        assertThat(read.require("features.2.weight", 2, 3).values()).containsExactly(1, -2, 3.5f, 0, 1e-20f, 7);
        assertThat(read.require("features.0.bias", 1).values()[0]).isNaN();
        assertThat(read.require("scalar").shape()).isEmpty();
        assertThat(read.require("scalar").values()).containsExactly(42);
    }

    @Test
    void writesTheReferenceLayout() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", new HostTensor(new long[] {3}, new float[] {1, 2, 3}));
        tensors.put("a", new HostTensor(new long[] {1, 1}, new float[] {0.5f}));
        Path file = directory.resolve("layout.safetensors");

        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + headerLength + 4 * 4);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header.strip()).startsWith("{\"__metadata__\":{\"format\":\"pt\"}").endsWith("}");
        assertThat(header.substring(header.strip().length())).matches(" *");
        JsonObject json = JsonParser.parseString(header).getAsJsonObject();
        assertThat(json.keySet()).containsExactly("__metadata__", "b", "a");
        assertThat(json.getAsJsonObject("b").toString())
                .isEqualTo("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}");
        assertThat(json.getAsJsonObject("a").toString())
                .isEqualTo("{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[12,16]}");
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) headerLength, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {data.getFloat(), data.getFloat(), data.getFloat(), data.getFloat()})
                .containsExactly(1, 2, 3, 0.5f);
    }

    @Test
    void convertsOtherFloatTypesAndLeavesIntegersOut() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 + 4 + 16 + 8 + 2).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xBC00);        // F16: 1, -1
        data.putShort((short) 0x4049).putShort((short) 0xC2F7);        // BF16: 3.140625, -123.5
        data.putDouble(0.25).putDouble(-3e5);                           // F64
        data.putLong(7);                                                // I64
        data.put((byte) 1).put((byte) 0);                               // BOOL
        Path file = directory.resolve("mixed.safetensors");
        writeRaw(file, "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"steps\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[32,34]}}", data.array());

        SafetensorsReader reader = SafetensorsReader.open(file);
        StateDict read = reader.read(name -> true);

        assertThat(reader.names()).containsExactly("h", "b", "d", "steps", "mask");
        assertThat(reader.metadata()).isEmpty();
        assertThat(read.names()).containsExactly("h", "b", "d");
        assertThat(read.require("h", 2).values()).containsExactly(1, -1);
        assertThat(read.require("b", 1, 2).values()).containsExactly(3.140625f, -123.5f);
        assertThat(read.require("d", 2).values()).containsExactly(0.25f, -3e5f);
    }

    @Test
    void keepReadsOnlyTheWantedTensors() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("features.0.weight", new HostTensor(new long[] {2}, new float[] {1, 2}));
        tensors.put("classifier.0.weight", new HostTensor(new long[] {2}, new float[] {3, 4}));
        Path file = directory.resolve("vgg.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());

        StateDict features = SafetensorsReader.read(file, name -> name.startsWith("features."));

        assertThat(features.names()).containsExactly("features.0.weight");
        assertThat(features.source()).isEqualTo(file);
    }

    /** A sparse file: 2.2 GB of unread integer data, then a small float tensor past the 2 GB mark. */
    @Test
    void readsTensorsLyingBeyondTwoGigabytes() throws IOException {
        long large = 2_200_000_000L;
        String header = "{\"counts\":{\"dtype\":\"U8\",\"shape\":[" + large + "],\"data_offsets\":[0," + large + "]},"
                + "\"late\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + large + "," + (large + 8) + "]}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        Path file = directory.resolve("huge.safetensors");
        try (RandomAccessFile output = new RandomAccessFile(file.toFile(), "rw")) {
            output.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            output.write(headerBytes);
            output.seek(8 + headerBytes.length + large);
            output.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
        }

        assertThat(SafetensorsReader.read(file).require("late", 2).values()).containsExactly(1.5f, -2f);
    }

    static Stream<Arguments> invalidHeaders() {
        String a = entry("a", "F32", "[2]", "[0,8]");
        return Stream.of(
                arguments("{" + a + "}", 12, "header describes 8 bytes of tensor data, but 12 follow it"),
                arguments("{" + entry("a", "F32", "[4]", "[0,16]") + "}", 8,
                        "truncated file: tensor 'a' has data_offsets [0, 16] beyond the 8 bytes of data"),
                arguments("{" + entry("a", "F32", "[3]", "[0,8]") + "}", 8,
                        "tensor 'a' has data_offsets [0, 8] (8 bytes), but shape [3] of F32 needs 12 bytes"),
                arguments("{" + a + "," + entry("b", "F32", "[2]", "[4,12]") + "}", 12,
                        "tensor 'b' has data_offsets [4, 12], which overlap the previous tensor (ending at 8)"),
                arguments("{" + a + "," + entry("b", "F32", "[2]", "[12,20]") + "}", 20,
                        "tensor 'b' has data_offsets [12, 20], which leave a gap after the previous tensor"),
                arguments("{" + entry("a", "F32", "[2]", "[8,0]") + "}", 8,
                        "tensor 'a' has data_offsets [8, 0] that end before they begin"),
                arguments("{" + entry("a", "F32", "[2]", "[0,-8]") + "}", 8,
                        "tensor 'a' has a \"data_offsets\" value that is not a non-negative integer"),
                arguments("{" + entry("a", "F32", "[2.5]", "[0,8]") + "}", 8,
                        "tensor 'a' has a \"shape\" value that is not a non-negative integer"),
                arguments("{" + entry("a", "F32", "[2]", "[0]") + "}", 8,
                        "tensor 'a' has 1 \"data_offsets\" values, expected 2"),
                arguments("{" + entry("a", "F8_E4M3", "[2]", "[0,2]") + "}", 2,
                        "tensor 'a' has the unsupported dtype 'F8_E4M3'"),
                arguments("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'a' has no string \"dtype\""),
                arguments("{\"a\":[1,2]}", 0, "tensor 'a' is not described by an object"),
                arguments("{\"__metadata__\":{\"epoch\":3}}", 0,
                        "header has a non-string __metadata__ value for 'epoch'"),
                arguments("{\"a\":", 0, "header is not valid JSON"),
                arguments("{'a':1}", 0, "header is not valid JSON"),
                arguments("{} {}", 0, "header is not valid JSON"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalidHeaders")
    void reportsInvalidHeadersNamingTheFileAndTheProblem(String header, int dataLength, String problem)
            throws IOException {
        Path file = directory.resolve("bad.safetensors");
        writeRaw(file, header, new byte[dataLength]);

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void reportsAbsurdHeaderLengths() throws IOException {
        Path absurd = directory.resolve("absurd.safetensors");
        Files.write(absurd, concat(littleEndianLong(1L << 40), "{}".getBytes(StandardCharsets.UTF_8)));
        Path beyond = directory.resolve("beyond.safetensors");
        Files.write(beyond, concat(littleEndianLong(100), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> SafetensorsReader.read(absurd))
                .hasMessage(absurd + ": safetensors header length 1099511627776 is absurd (at most 100000000 bytes)");
        assertThatThrownBy(() -> SafetensorsReader.read(beyond))
                .hasMessage(beyond + ": truncated file: the safetensors header length 100 runs past the end of the"
                        + " file (15 bytes)");
    }

    @Test
    void reportsHeadersThatAreNotUtf8() throws IOException {
        Path file = directory.resolve("latin1.safetensors");
        byte[] header = {'{', '"', (byte) 0xE9, '"', ':', '1', '}', ' '};
        Files.write(file, concat(littleEndianLong(header.length), header));

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .hasMessage(file + ": safetensors header is not valid UTF-8");
    }

    @Test
    void reportsEveryTruncationAsATruncatedFile() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new HostTensor(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("b", new HostTensor(new long[] {3}, new float[] {5, 6, 7}));
        Path whole = directory.resolve("whole.safetensors");
        SafetensorsWriter.write(whole, tensors, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(whole);
        Path file = directory.resolve("cut.safetensors");

        // From 9 bytes on: shorter files do not reach the '{' that identifies the format.
        for (int length = 9; length < bytes.length; length++) {
            Files.write(file, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> SafetensorsReader.read(file))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": truncated file");
        }
    }

    @Test
    void refusesFilesOfOtherFormats() throws IOException {
        Path file = directory.resolve("model.safetensors");
        Files.writeString(file, "definitely not safetensors");

        assertThatThrownBy(() -> SafetensorsReader.read(file)).hasMessage(file + ": not a safetensors file");
    }

    @Test
    void writerReplacesExistingFilesAndLeavesNothingElseBehind() throws IOException {
        Path file = directory.resolve("out.safetensors");
        Files.writeString(file, "old content");

        SafetensorsWriter.write(file, Map.of("w", new HostTensor(new long[] {1}, new float[] {3})), Map.of());

        assertThat(SafetensorsReader.read(file).require("w", 1).values()).containsExactly(3);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writerRefusesATensorNamedLikeTheMetadata() {
        Map<String, HostTensor> tensors = Map.of("__metadata__", new HostTensor(new long[] {1}, new float[] {1}));

        assertThatThrownBy(() -> SafetensorsWriter.write(directory.resolve("x.safetensors"), tensors, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":" + offsets + "}";
    }

    /** A safetensors file with exactly this header text (no padding) and data. */
    static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        Files.write(file, concat(concat(littleEndianLong(headerBytes.length), headerBytes), data));
    }

    private static byte[] littleEndianLong(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
