package dev.atelier.weights.torch7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import dev.atelier.weights.torch7.Torch7Writer.Storage;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.Tensor;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .t7} network's parameters named as a converted PyTorch {@code nn.Sequential} names them. */
class Torch7StateDictTest {
    private static final Path NAME = Path.of("net.t7");

    @TempDir
    Path folder;

    /** Every parameter of a value read (a test helper for damaged files too). */
    static StateDict parametersOf(Object root) {
        return Torch7StateDict.of(NAME, root, key -> true);
    }

    @Test
    void keysAreContainerIndicesAndFields() {
        StateDict state = parametersOf(Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(
                Torch7ReaderTest.sampleModel()))));

        assertThat(state.names()).containsExactly("0.weight", "0.bias");
        assertThat(state.require("0.weight", 2, 1, 2, 2).values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(state.require("0.bias", 2).values()).containsExactly(7, 8);
    }

    @Test
    void nestedContainersExtendTheKeyAndOldBatchNormGetsItsVariance() {
        TorchObject norm = new TorchObject("nn.SpatialBatchNormalization", 1, Table.of("eps", 1e-5,
                "weight", Torch7Writer.floats(new float[] {1, 2}, 2), "bias", Torch7Writer.floats(new float[] {0, 1}, 2),
                "running_mean", Torch7Writer.floats(new float[] {0.5f, -1}, 2),
                "running_std", Torch7Writer.floats(new float[] {2, 0.5f}, 2)));
        TorchObject branch = new TorchObject("nn.Sequential", Table.of("modules", Table.list(norm)));
        TorchObject concat = new TorchObject("nn.ConcatTable", Table.of("modules", Table.list(
                new TorchObject("nn.Identity", Table.of()), branch)));
        TorchObject model = new TorchObject("nn.Sequential", Table.of("modules", Table.list(
                new TorchObject("nn.ReLU", Table.of()), concat)));

        StateDict state = parametersOf(Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(model))));

        assertThat(state.names()).containsExactly("1.1.0.weight", "1.1.0.bias", "1.1.0.running_mean",
                "1.1.0.running_var");
        // 1 / 2^2 - 1e-5 and 1 / 0.5^2 - 1e-5.
        assertThat(state.require("1.1.0.running_var").values()[0]).isCloseTo(0.25f - 1e-5f,
                org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(state.require("1.1.0.running_var").values()[1]).isCloseTo(4 - 1e-5f,
                org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void convolutionMmWeightsTakeTheirFourDimensionalShape() {
        TorchObject mm = new TorchObject("nn.SpatialConvolutionMM", Table.of("nInputPlane", 2, "nOutputPlane", 1,
                "kW", 1, "kH", 2, "weight", Torch7Writer.floats(new float[] {1, 2, 3, 4}, 1, 4)));

        StateDict state = parametersOf(Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(mm))));

        assertThat(state.require("weight", 1, 2, 2, 1).values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void weightsFilesReadT7ByContent() {
        Path file = Torch7Writer.write(folder.resolve("decoder.weights"), Torch7ReaderTest.sampleModel());

        assertThat(WeightsFiles.names(file)).containsExactly("0.weight", "0.bias");
        assertThat(WeightsFiles.read(file, "0.bias"::equals).names()).containsExactly("0.bias");
    }

    @Test
    void refusesAModuleUsedTwiceAndTablesWithoutAModel() {
        TorchObject relu = new TorchObject("nn.ReLU", Table.of());
        TorchObject twice = new TorchObject("nn.Sequential", Table.of("modules", Table.list(relu, relu)));
        Object read = Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(twice)));
        assertThatThrownBy(() -> parametersOf(read)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("module 1 (nn.ReLU) appears twice");

        Object table = Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(Table.of("net", 1))));
        assertThatThrownBy(() -> parametersOf(table)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("without a 'model' entry");

        Storage storage = new Storage("torch.FloatStorage", new double[] {1});
        Object notModules = Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(new TorchObject(
                "nn.Sequential", Table.of("modules", Table.list(new Tensor("torch.FloatTensor", new long[] {1},
                        new long[] {1}, 1, storage)))))));
        assertThatThrownBy(() -> parametersOf(notModules)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("module 0 is not an nn module");
    }
}
