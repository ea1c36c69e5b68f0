package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.CancelledException;
import dev.atelier.testing.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFilesTest {
    @TempDir
    Path directory;

    @Test
    void tellsFormatsApartByContentNotByName() {
        Path zip = directory.resolve("weights.bin");
        TorchSaveWriter.writeZip(zip, PthReaderTest.smallVgg());
        Path legacy = directory.resolve("weights.safetensors");
        TorchSaveWriter.writeLegacy(legacy, PthReaderTest.smallVgg());
        Path safetensors = directory.resolve("weights.pth");
        SafetensorsWriter.write(safetensors, PthReader.read(zip));

        for (Path file : new Path[] {zip, legacy, safetensors}) {
            StateDict read = WeightsFiles.read(file, name -> name.startsWith("features."));
            assertThat(read.names()).as(file.toString()).containsExactly("features.0.weight", "features.0.bias");
            assertThat(read.require("features.0.weight", 2, 1, 2, 2).values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        }
        assertThat(WeightsFiles.read(safetensors).names()).hasSize(3);
    }

    @Test
    void safetensorsWhoseHeaderLengthStartsWithAPickleByteIsStillSafetensors() throws IOException {
        Path file = directory.resolve("weights.safetensors");
        Path zip = directory.resolve("weights.pth");
        TorchSaveWriter.writeZip(zip, PthReaderTest.smallVgg());
        StateDict weights = PthReader.read(zip);
        // Grow the metadata until the little-endian header length's first byte is 0x80, the byte
        // every binary pickle starts with.
        for (int padding = 0; padding < 300; padding++) {
            SafetensorsWriter.write(file, weights.asMap(), Map.of("note", "x".repeat(padding)));
            if ((Files.readAllBytes(file)[0] & 0xff) == 0x80) {
                break;
            }
        }
        assertThat(Files.readAllBytes(file)[0] & 0xff).isEqualTo(0x80);

        assertThat(WeightsFiles.isSafetensors(file)).isTrue();
        assertThat(WeightsFiles.read(file).require("features.0.weight", 2, 1, 2, 2).values())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void reportsUnsupportedFormats() throws IOException {
        Path jpeg = directory.resolve("photo.pth");
        Files.write(jpeg, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        Path text = directory.resolve("readme.safetensors");
        Files.writeString(text, "weights: see https://example.org");

        for (Path file : new Path[] {jpeg, text}) {
            assertThatThrownBy(() -> WeightsFiles.read(file))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(file + ": unsupported weights format;"
                            + " expected a PyTorch .pth state_dict, .safetensors or a Torch7 .t7");
        }
    }

    @Test
    void reportsMissingEmptyAndDirectoryPaths() throws IOException {
        Path missing = directory.resolve("missing.pth");
        Path empty = Files.createFile(directory.resolve("empty.safetensors"));

        assertThatThrownBy(() -> WeightsFiles.read(missing)).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> WeightsFiles.read(empty)).hasMessage(empty + ": empty file, not a weights file");
        assertThatThrownBy(() -> WeightsFiles.read(directory))
                .hasMessage(directory + ": is a folder, not a weights file");
        assertThatThrownBy(() -> WeightsFiles.sha256(missing)).hasMessage(missing + ": no such file");
    }

    /** Before they were refused, a pipe hung the reader at opening and /dev/zero was hashed for ever. */
    @Test
    void refusesPipesAndDevicesBeforeOpeningThem() {
        Path pipe = SpecialFiles.fifo(directory.resolve("model.pth"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (Path file : new Path[] {pipe, SpecialFiles.ZERO, SpecialFiles.RANDOM}) {
                String kind = file == pipe ? "a named pipe (FIFO)" : "a character device";
                String message = file + ": is " + kind + ", not a weights file (only regular files are read)";
                assertThatThrownBy(() -> WeightsFiles.read(file)).isInstanceOf(BadInputException.class)
                        .hasMessage(message);
                assertThatThrownBy(() -> WeightsFiles.names(file)).hasMessage(message);
                assertThatThrownBy(() -> WeightsFiles.sha256(file)).hasMessage(message);
                assertThatThrownBy(() -> SafetensorsReader.open(file)).hasMessage(message);
                assertThatThrownBy(() -> PthReader.read(file)).hasMessage(message);
            }
        });
    }

    /** Hashing a large file stops between chunks once the run bound to the thread is cancelled. */
    @Test
    void hashingHonoursTheThreadsCancellation() throws IOException {
        Path large = directory.resolve("large.bin");
        Files.write(large, new byte[4 << 20]);
        Cancellation cancellation = new Cancellation();
        cancellation.request();

        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            assertThatThrownBy(() -> WeightsFiles.sha256(large)).isInstanceOf(CancelledException.class)
                    .hasMessage("stopped hashing " + large);
        }
        assertThat(WeightsFiles.sha256(large)).hasSize(64);
    }

    @Test
    void sha256MatchesTheStandardTestVectors() throws IOException {
        Path abc = Files.writeString(directory.resolve("abc"), "abc");
        Path empty = Files.createFile(directory.resolve("empty"));

        assertThat(WeightsFiles.sha256(abc))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(WeightsFiles.sha256(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sha256CoversFilesLongerThanItsReadChunk() throws Exception {
        byte[] content = new byte[200_003];
        new Random(7).nextBytes(content);
        Path file = Files.write(directory.resolve("blob"), content);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(WeightsFiles.sha256(file)).isEqualTo(expected);
    }

    @Test
    void readsAllTensorsWhenNoFilterIsGiven() {
        Path file = directory.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("w", new HostTensor(new long[] {2}, new float[] {1, 2})), Map.of());

        assertThat(WeightsFiles.read(file).require("w", 2).values()).containsExactly(1, 2);
    }
}
