package dev.atelier.weights.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.testing.Fuzzing;
import dev.atelier.testing.SharedFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow Lite files crafted or damaged to make the reader build more than they hold. FlatBuffers
 * let many offsets point at the same bytes, so bounds on positions alone do not bound what is built.
 */
class FlatBufferTest {
    private static final Path INT8 = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_INT8);
    private static final Path PREDICTOR = SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR);

    @TempDir
    Path temporary;

    /**
     * The real transformer with its tensor list replaced by one listing a single tensor, named by 100 kB
     * of text, 100,000 times: 0.9 MB of file asking for 10 GB of names.
     */
    @Test
    void aTensorListedOverAndOverIsRefusedBeforeItsNamesAreCopied() throws Exception {
        byte[] original = Files.readAllBytes(INT8);
        int count = 100_000;
        int nameLength = 100_000;
        ByteBuffer file = ByteBuffer.allocate(original.length + 4 + 4 * count + 64 + 4 + nameLength + 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        file.put(original);
        align(file);
        int vector = file.position();
        file.putInt(count);
        int vtable = vector + 4 + 4 * count;
        int table = vtable + 12;
        for (int i = 0; i < count; i++) {
            int element = vector + 4 + 4 * i;
            file.putInt(element, table - element);
        }
        // vtable: its length, the table's length, fields 0 to 3 (only the name, field 3, present).
        file.position(vtable);
        file.putShort((short) 12).putShort((short) 8).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 4);
        file.putInt(table - vtable);
        int name = table + 8;
        file.putInt(name - (table + 4));
        file.putInt(nameLength);
        file.put(new byte[nameLength]);
        // Point the first subgraph's tensors field at the new list.
        int tensorsField = referenceField(file, subgraph(file), 0);
        file.putInt(tensorsField, vector - tensorsField);
        Path crafted = Files.write(temporary.resolve("crafted.tflite"), Arrays.copyOf(file.array(), file.position()));

        long before = Fuzzing.allocatedBytes();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> TfliteModel.read(crafted))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(crafted + ": damaged TensorFlow Lite file: its tables and vectors refer to the "
                        + "same bytes so often"));
        assertThat(Fuzzing.allocatedBytes() - before).isLessThan(64L << 20);
    }

    @Test
    void randomDamageToEitherNetworkIsBadInputWithinBounds() {
        for (Path model : new Path[] {INT8, PREDICTOR}) {
            byte[] bytes = readAll(model);
            Path file = temporary.resolve("damaged.tflite");
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Fuzzing.fuzz(bytes, file, 7, 150, damaged -> {
                TfliteModel read = TfliteModel.read(damaged);
                for (TfliteTensor tensor : read.tensors()) {
                    if (tensor.dataLength() > 0) {
                        try {
                            read.values(tensor);
                        } catch (BadInputException unsupported) {
                            // Damage to a type or quantisation: refused in one line, checked by the caller below.
                            assertThat(unsupported.getMessage()).startsWith(damaged + ": ").doesNotContain("\n");
                        }
                    }
                }
            }, 12, 32L << 20));
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void align(ByteBuffer file) {
        while (file.position() % 4 != 0) {
            file.put((byte) 0);
        }
    }

    private static int subgraph(ByteBuffer file) {
        int model = file.getInt(0);
        int subgraphs = target(file, referenceField(file, model, 2));
        int element = subgraphs + 4;
        return element + file.getInt(element);
    }

    /** The position of a table's reference field (whose value is an offset from there). */
    private static int referenceField(ByteBuffer file, int table, int index) {
        int vtable = table - file.getInt(table);
        return table + (file.getShort(vtable + 4 + 2 * index) & 0xffff);
    }

    private static int target(ByteBuffer file, int field) {
        return field + file.getInt(field);
    }
}
