package dev.atelier.method.magenta;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.time.Duration;
import dev.atelier.testing.SpecialFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.BadInputException;
import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken, altered and mixed-up model files are refused with one line naming the file. */
class MagentaModelsTest {
    private static final Path PREDICTOR = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR);
    private static final Path F16 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16);
    private static final Path INT8 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_INT8);

    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path temporary;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aPredictorGivenAsTheTransformerAndTheReverseAreNamed() {
        assertRefused(() -> MagentaModels.loadTransformer(PREDICTOR, manager), PREDICTOR,
                "is the Magenta style predictor, not the style transformer (give it as the predictor)");
        assertRefused(() -> MagentaModels.loadPredictor(INT8, manager), INT8,
                "is the Magenta style transformer, not the style predictor (give it as the transformer)");
    }

    @Test
    void aTruncatedCopyIsRefused() throws IOException {
        byte[] original = Files.readAllBytes(F16);
        Path cut = write("cut.tflite", Arrays.copyOf(original, original.length * 2 / 3));
        assertThatThrownBy(() -> MagentaModels.loadTransformer(cut, manager)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(cut + ": truncated or damaged TensorFlow Lite file: ")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFlippedHeaderByteIsRefused() throws IOException {
        byte[] altered = Files.readAllBytes(PREDICTOR);
        altered[6] ^= 1;
        Path file = write("header.tflite", altered);
        assertRefused(() -> MagentaModels.loadPredictor(file, manager), file,
                "not a TensorFlow Lite file (no 'TFL3' identifier at byte 4)");
    }

    @Test
    void aFileThatIsNotTfliteIsRefused() {
        Path picture = SharedFiles.style("starry_night.jpg");
        assertRefused(() -> MagentaModels.loadTransformer(picture, manager), picture,
                "not a TensorFlow Lite file (no 'TFL3' identifier at byte 4)");
    }

    @Test
    void aRenamedWeightIsMissing() throws IOException {
        byte[] altered = Files.readAllBytes(F16);
        // The name occurs twice: the float16 weight's, and its DEQUANTIZE output's "..._dequantize".
        replaceAll(altered, 2, "transformer/contract/conv2/weights".getBytes(StandardCharsets.US_ASCII),
                "transformer/contract/conv2/weightz".getBytes(StandardCharsets.US_ASCII));
        Path file = write("renamed.tflite", altered);
        assertRefused(() -> MagentaModels.loadTransformer(file, manager), file,
                "missing tensor 'transformer/contract/conv2/weights' (is this the right model file?)");
    }

    @Test
    void anAlteredShapeIsNamed() throws IOException {
        byte[] altered = Files.readAllBytes(F16);
        // The shape vectors of transformer/contract/conv1/weights and of its DEQUANTIZE output
        // (..._dequantize): length 4, then 8, 9, 9, 3.
        replaceAll(altered, 2, ints(4, 8, 9, 9, 3), ints(4, 8, 9, 9, 4));
        Path file = write("reshaped.tflite", altered);
        assertRefused(() -> MagentaModels.loadTransformer(file, manager), file,
                "tensor 'transformer/contract/conv1/weights' has shape [8, 9, 9, 4], expected [8, 9, 9, 3] (is this "
                        + "the right model file?)");
    }

    @Test
    void anAlteredOperatorListIsNotTheModel() throws IOException {
        byte[] altered = Files.readAllBytes(PREDICTOR);
        // The predictor's second operator code is CONV_2D (3); make it MUL (18). (Its first, ADD, is
        // code 0, the default, which the file leaves out.)
        ByteBuffer bytes = ByteBuffer.wrap(altered).order(ByteOrder.LITTLE_ENDIAN);
        int model = bytes.getInt(0);
        int vtable = model - bytes.getInt(model);
        int codesField = model + bytes.getShort(vtable + 4 + 2);
        int codes = codesField + bytes.getInt(codesField);
        int secondCode = codes + 8 + bytes.getInt(codes + 8);
        int codeVtable = secondCode - bytes.getInt(secondCode);
        int builtin = bytes.getShort(codeVtable + 4) & 0xffff;
        assertThat(altered[secondCode + builtin]).as("CONV_2D's code").isEqualTo((byte) 3);
        altered[secondCode + builtin] = 18;
        Path file = write("operators.tflite", altered);
        assertRefused(() -> MagentaModels.loadPredictor(file, manager), file,
                "not the Magenta style predictor: it runs 0 CONV_2D operators, the Magenta style predictor runs 36");
    }

    private static void assertRefused(ThrowingCallable load, Path file, String problem) {
        assertThatThrownBy(load).isInstanceOf(BadInputException.class).hasMessage(file + ": " + problem);
    }

    private Path write(String name, byte[] data) throws IOException {
        Path file = temporary.resolve(name);
        Files.write(file, data);
        return file;
    }

    private static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    /** Replaces every occurrence of {@code pattern}, which must occur {@code expected} times. */
    private static void replaceAll(byte[] data, int expected, byte[] pattern, byte[] replacement) {
        int found = 0;
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                System.arraycopy(replacement, 0, data, i, replacement.length);
                found++;
            }
        }
        assertThat(found).as("occurrences").isEqualTo(expected);
    }

    /** /dev/zero or /dev/urandom as a model used to be read until the heap ran out; a pipe blocked. */
    @Test
    void pipesAndDevicesAreRefusedAsEitherNetwork() {
        Path pipe = SpecialFiles.fifo(temporary.resolve("transformer.tflite"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                assertThatThrownBy(() -> MagentaModels.loadPredictor(SpecialFiles.ZERO, manager))
                        .isInstanceOf(BadInputException.class)
                        .hasMessageStartingWith(SpecialFiles.ZERO + ": is a character device");
                assertThatThrownBy(() -> MagentaModels.loadTransformer(SpecialFiles.RANDOM, manager))
                        .hasMessageStartingWith(SpecialFiles.RANDOM + ": is a character device");
                assertThatThrownBy(() -> MagentaModels.loadTransformer(pipe, manager))
                        .hasMessageStartingWith(pipe + ": is a named pipe (FIFO)");
            }
        });
    }

}
