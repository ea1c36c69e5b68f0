package dev.atelier.weights.torch7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.torch7.Torch7Writer.Storage;
import dev.atelier.weights.torch7.Torch7Writer.Table;
import dev.atelier.weights.torch7.Torch7Writer.Tensor;
import dev.atelier.weights.torch7.Torch7Writer.TorchObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Torch7 object stream: every value type read as torch7's {@code File.lua} writes it, shared
 * references kept shared, and every kind of damage a one-line {@link BadInputException}.
 */
class Torch7ReaderTest {
    private static final Path NAME = Path.of("test.t7");

    @TempDir
    Path folder;

    private static Object read(Object value) {
        return Torch7Reader.read(NAME, ByteBuffer.wrap(Torch7Writer.bytes(value)));
    }

    private static Object read(byte[] bytes) {
        return Torch7Reader.read(NAME, ByteBuffer.wrap(bytes));
    }

    @Test
    void readsNumbersStringsBooleansAndNil() {
        Table table = Table.of("pi", 3.25, "name", "candy", "yes", true, "no", false, 1, -7, 2, "x");
        Torch7Table read = (Torch7Table) read(table);

        assertThat(read.get("pi")).isEqualTo(3.25);
        assertThat(read.get("name")).isEqualTo("candy");
        assertThat(read.get("yes")).isEqualTo(true);
        assertThat(read.get("no")).isEqualTo(false);
        assertThat(read.get(1)).isEqualTo(-7.0);
        assertThat(read.list()).containsExactly(-7.0, "x");
        assertThat(read(Table.of("a", null))).isInstanceOf(Torch7Table.class);
        assertThat(read((Object) null)).isNull();
        assertThat(read("alone")).isEqualTo("alone");
        assertThat(read(2.5)).isEqualTo(2.5);
    }

    @Test
    void readsStringsByteForByte() {
        String bytes = "\u00e9\u0000\u00ff";
        assertThat(read(bytes)).isEqualTo(bytes);
    }

    @Test
    void readsNestedTablesAndObjectsWithClassAndVersion() {
        TorchObject convolution = new TorchObject("nn.SpatialConvolution", 3, Table.of("kW", 3, "kH", 5));
        Table checkpoint = Table.of("model", new TorchObject("nn.Sequential", Table.of("modules",
                Table.list(convolution))), "opt", Table.of("preprocessing", "resnet"));

        Torch7Table read = (Torch7Table) read(checkpoint);
        Torch7Object model = (Torch7Object) read.get("model");
        Torch7Object first = (Torch7Object) ((Torch7Table) model.fields().get("modules")).get(1);

        assertThat(model.className()).isEqualTo("nn.Sequential");
        assertThat(first.className()).isEqualTo("nn.SpatialConvolution");
        assertThat(first.version()).isEqualTo(3);
        assertThat(first.fields().get("kH")).isEqualTo(5.0);
        assertThat(((Torch7Table) read.get("opt")).get("preprocessing")).isEqualTo("resnet");
    }

    @Test
    void readsObjectsWrittenBeforeClassVersions() {
        // Old files write the class name where the version string goes.
        byte[] bytes = new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("nn.ReLU")
                .writeInt(Torch7Reader.TABLE).writeInt(2).writeInt(1).value("threshold").value(0).toBytes();

        Torch7Object relu = (Torch7Object) read(bytes);

        assertThat(relu.className()).isEqualTo("nn.ReLU");
        assertThat(relu.version()).isZero();
        assertThat(relu.fields().get("threshold")).isEqualTo(0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Float", "Double", "Half", "Byte", "Char", "Short", "Int", "Long", "Cuda"})
    void readsTensorsOfEveryStorageType(String type) {
        String storageClass = "torch." + type + "Storage";
        String tensorClass = "torch." + type + "Tensor";
        double[] values = {1, 2, 3, -4, 5, 6};
        if (type.equals("Byte")) {
            values[3] = 252;
        }
        Tensor tensor = new Tensor(tensorClass, new long[] {2, 3}, new long[] {3, 1}, 1,
                new Storage(storageClass, values));

        Torch7Tensor read = (Torch7Tensor) read(tensor);
        HostTensor host = read.toHost(NAME);

        assertThat(read.sizes()).containsExactly(2, 3);
        assertThat(host.shape()).containsExactly(2, 3);
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = (float) values[i];
        }
        assertThat(host.values()).containsExactly(expected);
    }

    @Test
    void followsStridesAndTheOneBasedOffset() {
        // A transposed 3x2 view starting at the storage's second element: element (i, j) is
        // storage[1 + i + 3j].
        Storage storage = new Storage("torch.FloatStorage", new double[] {0, 10, 11, 12, 20, 21, 22});
        Tensor view = new Tensor("torch.FloatTensor", new long[] {3, 2}, new long[] {1, 3}, 2, storage);

        HostTensor host = ((Torch7Tensor) read(view)).toHost(NAME);

        assertThat(host.values()).containsExactly(10, 20, 11, 21, 12, 22);
    }

    @Test
    void tensorsSharingAStorageShareItWhenRead() {
        Storage storage = new Storage("torch.FloatStorage", new double[] {1, 2, 3, 4});
        Tensor whole = new Tensor("torch.FloatTensor", new long[] {4}, new long[] {1}, 1, storage);
        Tensor tail = new Tensor("torch.FloatTensor", new long[] {2}, new long[] {1}, 3, storage);
        Table shared = Table.of("x", 1);

        Torch7Table read = (Torch7Table) read(Table.of("whole", whole, "tail", tail, "a", shared, "b", shared));
        Torch7Tensor first = (Torch7Tensor) read.get("whole");
        Torch7Tensor second = (Torch7Tensor) read.get("tail");

        assertThat(first.storage()).isSameAs(second.storage());
        assertThat(second.toHost(NAME).values()).containsExactly(3, 4);
        assertThat(read.get("a")).isSameAs(read.get("b"));
    }

    @Test
    void readsEmptyTensors() {
        Tensor empty = new Tensor("torch.FloatTensor", new long[0], new long[0], 1, null);
        Torch7Tensor read = (Torch7Tensor) read(empty);

        assertThat(read.elementCount()).isZero();
        assertThat(read.toHost(NAME).values()).isEmpty();
    }

    @Test
    void readsFromAFile() throws IOException {
        Path file = Torch7Writer.write(folder.resolve("model.t7"), Table.of("model", 1));

        assertThat(((Torch7Table) Torch7Reader.read(file)).get("model")).isEqualTo(1.0);
        assertThat(Torch7Reader.looksLikeTorch7(Files.readAllBytes(file))).isTrue();
        assertThat(Torch7Reader.looksLikeTorch7(new byte[] {0x50, 0x4b, 3, 4, 1, 0, 0, 0})).isFalse();
    }

    // Damaged and hostile files.

    private static void assertRefused(byte[] bytes, String problem) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(NAME + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }

    @Test
    void refusesLuaFunctionsOfEveryKind() {
        for (int type : new int[] {Torch7Reader.FUNCTION, Torch7Reader.LEGACY_RECURSIVE_FUNCTION,
            Torch7Reader.RECURSIVE_FUNCTION}) {
            byte[] bytes = new Torch7Writer().writeInt(Torch7Reader.TABLE).writeInt(1).writeInt(1)
                    .value("forward").writeInt(type).writeInt(2).writeInt(4).writeBytes("\u001bLua".getBytes())
                    .value(Table.of()).toBytes();
            assertRefused(bytes, "Lua function");
        }
    }

    @Test
    void refusesClassesOutsideTheAllowList() {
        assertRefused(Torch7Writer.bytes(new TorchObject("nn.gModule", Table.of())), "'nn.gModule'");
        assertRefused(Torch7Writer.bytes(Table.of("x", new TorchObject("os.execute", "rm -rf /"))),
                "does not read");
    }

    @Test
    void refusesCyclicReferences() {
        // A table whose entry refers back to itself (index 1).
        byte[] table = new Torch7Writer().writeInt(Torch7Reader.TABLE).writeInt(1).writeInt(1).value("self")
                .writeInt(Torch7Reader.TABLE).writeInt(1).toBytes();
        assertRefused(table, "cyclic reference");
        // A module whose fields hold the module.
        byte[] module = new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("V 1")
                .writeString("nn.Sequential").writeInt(Torch7Reader.TABLE).writeInt(2).writeInt(1).value("modules")
                .writeInt(Torch7Reader.TORCH).writeInt(1).toBytes();
        assertRefused(module, "cyclic reference");
    }

    @Test
    void refusesSizesBeyondTheFile() {
        byte[] storage = new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("V 1")
                .writeString("torch.FloatStorage").writeLong(1L << 40).writeLong(0).toBytes();
        assertRefused(storage, "more than the file holds");

        byte[] string = new Torch7Writer().writeInt(Torch7Reader.STRING).writeInt(Integer.MAX_VALUE).toBytes();
        assertRefused(string, "more than the file holds");

        byte[] table = new Torch7Writer().writeInt(Torch7Reader.TABLE).writeInt(1).writeInt(1 << 30).toBytes();
        assertRefused(table, "more than the file holds");

        Storage three = new Storage("torch.FloatStorage", new double[] {1, 2, 3});
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {4}, new long[] {1}, 1, three)),
                "beyond the file");
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {2}, new long[] {1}, 3, three)),
                "beyond the file");
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {2, 2}, new long[] {1L << 62,
            1L << 62}, 1, three)), "beyond the file");
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {2}, new long[] {1}, 0, three)),
                "beyond the file");
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {-2}, new long[] {1}, 1, three)),
                "negative");
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {2}, new long[] {-1}, 3, three)),
                "negative");
        byte[] dimensions = new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("V 1")
                .writeString("torch.FloatTensor").writeInt(1 << 28).toBytes();
        assertRefused(dimensions, "dimensions");
    }

    @Test
    void refusesAnExpandedViewAsAWeight() {
        // Stride 0 repeats one stored element: legal in Torch7, but 10^12 elements would be copied.
        Storage one = new Storage("torch.FloatStorage", new double[] {1});
        Torch7Tensor expanded = (Torch7Tensor) read(new Tensor("torch.FloatTensor", new long[] {1_000_000,
            1_000_000}, new long[] {0, 0}, 1, one));

        assertThatThrownBy(() -> expanded.toHost(NAME)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expanded view");
    }

    @Test
    void refusesMismatchedStorages() {
        Storage doubles = new Storage("torch.DoubleStorage", new double[] {1, 2});
        assertRefused(Torch7Writer.bytes(new Tensor("torch.FloatTensor", new long[] {2}, new long[] {1}, 1, doubles)),
                "storage of double");
        byte[] notStorage = new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("V 1")
                .writeString("torch.FloatTensor").writeInt(1).writeLong(1).writeLong(1).writeLong(1)
                .value("storage").toBytes();
        assertRefused(notStorage, "has no storage");
    }

    @Test
    void refusesDeepNesting() {
        Table inner = Table.of();
        Table outer = inner;
        for (int i = 0; i < Torch7Reader.MAXIMUM_DEPTH + 5; i++) {
            outer = Table.of("x", outer);
        }
        assertRefused(Torch7Writer.bytes(outer), "nested more than");
    }

    @Test
    void refusesOtherDamage() {
        assertRefused(new byte[0], "empty file");
        assertRefused("4\n1\nV 1\n".getBytes(), "ASCII");
        assertRefused(new Torch7Writer().writeInt(99).toBytes(), "unknown value type 99");
        assertRefused(new Torch7Writer().writeInt(Torch7Reader.BOOLEAN).writeInt(7).toBytes(), "boolean");
        assertRefused(new Torch7Writer().value("x").writeInt(0).toBytes(), "bytes follow");
        assertRefused(new Torch7Writer().writeInt(Torch7Reader.TABLE).writeInt(1).writeInt(1).value(null).value(1)
                .toBytes(), "nil");
        assertRefused(new Torch7Writer().writeInt(Torch7Reader.TORCH).writeInt(1).writeString("V x")
                .writeString("nn.ReLU").toBytes(), "version");
    }

    @Test
    void everyTruncationIsOneLine() {
        byte[] bytes = Torch7Writer.bytes(sampleModel());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> read(cut)).as("cut at %d", length).isInstanceOf(BadInputException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        });
    }

    @Test
    void randomDamageIsBadInputOrARead() {
        byte[] bytes = Torch7Writer.bytes(sampleModel());
        Random random = new Random(21);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int attempt = 0; attempt < 2000; attempt++) {
                byte[] damaged = bytes.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = random.nextInt(damaged.length);
                    damaged[at] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : (byte) (damaged[at] ^ (1 << random.nextInt(8)));
                }
                try {
                    Object root = read(damaged);
                    // Whatever survives must still copy out without surprises.
                    Torch7StateDictTest.parametersOf(root);
                } catch (BadInputException e) {
                    assertThat(e.getMessage()).doesNotContain("\n");
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("attempt " + attempt + " failed with " + e, e);
                }
            }
        });
    }

    @Test
    void refusesFoldersAndMissingFiles() {
        assertThatThrownBy(() -> Torch7Reader.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> Torch7Reader.read(folder.resolve("none.t7"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no such file");
    }

    /** A small checkpoint with shared storages, nested modules and options. */
    static Table sampleModel() {
        Storage storage = new Storage("torch.FloatStorage", new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        Tensor weight = new Tensor("torch.FloatTensor", new long[] {2, 1, 2, 2}, new long[] {4, 4, 2, 1}, 1,
                storage);
        Tensor bias = new Tensor("torch.FloatTensor", new long[] {2}, new long[] {1}, 7, storage);
        TorchObject convolution = new TorchObject("nn.SpatialConvolution", Table.of("nInputPlane", 1,
                "nOutputPlane", 2, "kW", 2, "kH", 2, "dW", 1, "dH", 1, "padW", 0, "padH", 0, "weight", weight,
                "bias", bias, "train", false));
        TorchObject relu = new TorchObject("nn.ReLU", Table.of("threshold", 0, "val", 0, "inplace", true));
        TorchObject model = new TorchObject("nn.Sequential", Table.of("modules", Table.list(convolution, relu)));
        return Table.of("model", model, "opt", Table.of("preprocessing", "vgg", "arch", "c2s1-2"));
    }
}
