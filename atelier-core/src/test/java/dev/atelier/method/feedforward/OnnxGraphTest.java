package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.testing.Fuzzing;
import dev.atelier.testing.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX reader on hostile files: shapes declared without data, damage anywhere, devices. */
class OnnxGraphTest {
    @TempDir
    Path folder;

    /**
     * Tensors whose shapes promise billions of floats the file does not hold: before the check, the
     * first made a 3.6 GB array and the second failed with a NegativeArraySizeException.
     */
    @Test
    void aShapeIsCheckedAgainstTheDataBeforeAnythingIsAllocated() throws Exception {
        for (long side : new long[] {30_000, 46_341}) {
            ProtobufWriter tensor = new ProtobufWriter().packedVarints(1, side, side).varint(2, 1).string(8, "huge");
            ProtobufWriter graph = new ProtobufWriter().message(5, tensor);
            Path file = Files.write(folder.resolve("huge-" + side + ".onnx"),
                    new ProtobufWriter().varint(1, 7).message(7, graph).toByteArray());

            long before = Fuzzing.allocatedBytes();
            assertThatThrownBy(() -> OnnxGraph.read(file)).isInstanceOf(BadInputException.class)
                    .hasMessage(file + ": tensor 'huge' holds 0 floats, its shape [" + side + ", " + side + "] needs "
                            + side * side);
            assertThat(Fuzzing.allocatedBytes() - before).isLessThan(16L << 20);
        }
    }

    @Test
    void devicesAndPipesAreRefused() {
        Path pipe = SpecialFiles.fifo(folder.resolve("model.onnx"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> OnnxGraph.read(pipe)).isInstanceOf(BadInputException.class)
                    .hasMessage(pipe + ": is a named pipe (FIFO), not a model file (only regular files are read)");
            assertThatThrownBy(() -> OnnxGraph.read(SpecialFiles.ZERO)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(SpecialFiles.ZERO + ": is a character device");
            assertThat(OnnxModels.isOnnx(pipe)).isTrue();
            assertThat(OnnxModels.isOnnx(SpecialFiles.ZERO)).isFalse();
        });
    }

    @Test
    void randomDamageIsBadInputWithinBounds() throws Exception {
        Path original = folder.resolve("candy.onnx");
        OnnxTransformerNet.write(original, TransformerNetwork.initialStateDict(TransformerLayout.PYTORCH_EXAMPLES, 3),
                new int[] {64, 64}, OnnxTransformerNet.Variation.FAITHFUL);
        byte[] bytes = Files.readAllBytes(original);
        Path file = folder.resolve("damaged.onnx");

        assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> Fuzzing.fuzz(bytes, file, 11, 150, OnnxGraph::read, 8, 32L << 20));
    }
}
