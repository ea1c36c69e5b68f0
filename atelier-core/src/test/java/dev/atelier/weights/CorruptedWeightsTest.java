package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files, whatever the damage, end in a one-line {@link BadInputException} naming the file
 * (or, where the damage only touched values, in a successful read): never an index, arithmetic,
 * out-of-memory or stack overflow error.
 */
class CorruptedWeightsTest {
    private static final int ATTEMPTS = 400;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"zip", "legacy", "safetensors"})
    void randomDamageIsReportedAsBadInput(String format) throws Exception {
        Path original = directory.resolve("original");
        writer(format).accept(original);
        byte[] bytes = Files.readAllBytes(original);
        Random random = new Random(format.hashCode());
        Path file = directory.resolve("damaged.weights");

        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            byte[] damaged = damage(bytes, random);
            Files.write(file, damaged);
            try {
                WeightsFiles.read(file);
            } catch (BadInputException e) {
                assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("attempt " + attempt + " on " + format + " ("
                        + Arrays.toString(Arrays.copyOf(damaged, 16)) + "...) failed with " + e, e);
            }
        }
    }

    /** Flips a few bytes, overwrites a run with one value, or cuts the file short. */
    private static byte[] damage(byte[] bytes, Random random) {
        byte[] damaged = bytes.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int start = random.nextInt(damaged.length);
                int end = Math.min(damaged.length, start + 1 + random.nextInt(8));
                Arrays.fill(damaged, start, end, (byte) (random.nextBoolean() ? 0xff : 0x7f));
            }
            default -> damaged = Arrays.copyOf(damaged, 1 + random.nextInt(damaged.length - 1));
        }
        return damaged;
    }

    private static Consumer<Path> writer(String format) {
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>(PthReaderTest.smallVgg());
        stateDict.put("half", TorchTensor.contiguous(TorchStorage.halves(0x3C00, 0x4000), 2));
        stateDict.put("view", TorchTensor.view(TorchStorage.floats(1, 2, 3, 4), 1, new long[] {2}, new long[] {2}));
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
