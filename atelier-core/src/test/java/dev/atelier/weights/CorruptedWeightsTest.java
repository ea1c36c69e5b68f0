package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.atelier.testing.Fuzzing;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files, whatever the damage, end in a one-line {@link BadInputException} naming the file
 * (or, where the damage only touched values, in a successful read): never an index, arithmetic,
 * out-of-memory or stack overflow error, and never after allocating more than a few times the file.
 * Each format is fuzzed with random damage to a valid file ({@link Fuzzing#damage}); the zip layout
 * also with damage to its pickle alone, re-packed, so that the damage reaches the unpickler instead
 * of the zip reader's checks.
 */
class CorruptedWeightsTest {
    private static final int ATTEMPTS = 400;
    /** Per attempt: a fixed allowance for the zip reader's and the JVM's buffers, and this many bytes per byte. */
    private static final long BASE_BYTES = 32L << 20;
    private static final long BYTES_PER_FILE_BYTE = 64;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"zip", "legacy", "safetensors"})
    void randomDamageIsReportedAsBadInput(String format) throws Exception {
        Path original = directory.resolve("original");
        writer(format).accept(original);
        byte[] bytes = Files.readAllBytes(original);
        Path file = directory.resolve("damaged.weights");

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Fuzzing.fuzz(bytes, file, format.hashCode(),
                ATTEMPTS, WeightsFiles::read, BYTES_PER_FILE_BYTE, BASE_BYTES));
    }

    @Test
    void randomDamageToTheZipLayoutsPickleIsReportedAsBadInput() throws Exception {
        Map<String, TorchTensor> stateDict = stateDict();
        Map<TorchStorage, String> keys = TorchSaveWriter.zipStorageKeys(stateDict);
        byte[] pickle = StateDictPickler.pickle(stateDict, StateDictPickler.Layout.ZIP, keys::get);
        Map<String, byte[]> storages = TorchSaveWriter.storageRecords(keys, ByteOrder.LITTLE_ENDIAN);
        Path damagedPickle = directory.resolve("data.pkl");
        Path file = directory.resolve("damaged.pth");

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Fuzzing.fuzz(pickle, damagedPickle, 19, ATTEMPTS,
                damaged -> {
                    TorchSaveWriter.writeZipRecords(file, "archive", Files.readAllBytes(damaged), storages, "little");
                    try {
                        WeightsFiles.read(file);
                    } catch (BadInputException e) {
                        // Fuzzing checks the message names the file it wrote: the pickle's, here.
                        assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n");
                    }
                }, BYTES_PER_FILE_BYTE, BASE_BYTES));
    }

    private static Map<String, TorchTensor> stateDict() {
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>(PthReaderTest.smallVgg());
        stateDict.put("half", TorchTensor.contiguous(TorchStorage.halves(0x3C00, 0x4000), 2));
        stateDict.put("view", TorchTensor.view(TorchStorage.floats(1, 2, 3, 4), 1, new long[] {2}, new long[] {2}));
        return stateDict;
    }

    private static Consumer<Path> writer(String format) {
        Map<String, TorchTensor> stateDict = stateDict();
        return switch (format) {
            case "zip" -> file -> TorchSaveWriter.writeZip(file, stateDict);
            case "legacy" -> file -> TorchSaveWriter.writeLegacy(file, stateDict);
            default -> file -> {
                TorchSaveWriter.writeZip(file, stateDict);
                SafetensorsWriter.write(file, PthReader.read(file).asMap(), Map.of("format", "pt"));
            };
        };
    }
}
