package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PthReaderTest {
    @TempDir
    Path directory;

    /** The two layouts torch.save writes. */
    enum Layout {
        ZIP, LEGACY;

        void write(Path file, Map<String, TorchTensor> stateDict, ByteOrder order) {
            if (this == ZIP) {
                TorchSaveWriter.writeZip(file, "archive", stateDict, order);
            } else {
                TorchSaveWriter.writeLegacy(file, stateDict, order);
            }
        }

        void write(Path file, Map<String, TorchTensor> stateDict) {
            write(file, stateDict, ByteOrder.LITTLE_ENDIAN);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readsEveryTensorInFileOrderWithItsShapeAndValues(Layout layout) {
        Path file = directory.resolve("model.pth");
        layout.write(file, smallVgg());

        StateDict stateDict = PthReader.read(file);

        assertThat(stateDict.source()).isEqualTo(file);
        assertThat(stateDict.names()).containsExactly("features.0.weight", "features.0.bias", "classifier.weight");
        HostTensor weight = stateDict.require("features.0.weight", 2, 1, 2, 2);
        assertThat(weight.values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(stateDict.require("features.0.bias", 2).values()).containsExactly(-0.5f, 0.25f);
        assertThat(stateDict.require("classifier.weight", 3, 2).values()).containsExactly(1e-3f, 2e-3f, 3e-3f, 4e-3f,
                5e-3f, 6e-3f);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void keepReadsOnlyTheWantedTensors(Layout layout) {
        Path file = directory.resolve("model.pth");
        layout.write(file, smallVgg());

        StateDict features = PthReader.read(file, name -> name.startsWith("features."));

        assertThat(features.names()).containsExactly("features.0.weight", "features.0.bias");
        assertThat(features.require("features.0.bias", 2).values()).containsExactly(-0.5f, 0.25f);
    }

    @Test
    void neverTouchesTheStoragesOfSkippedTensors() {
        // An archive whose classifier storage record is missing: only a full read can notice.
        Map<String, TorchTensor> stateDict = smallVgg();
        Map<TorchStorage, String> keys = TorchSaveWriter.zipStorageKeys(stateDict);
        Map<String, byte[]> storages = TorchSaveWriter.storageRecords(keys, ByteOrder.LITTLE_ENDIAN);
        storages.remove(keys.get(stateDict.get("classifier.weight").storage()));
        Path file = directory.resolve("partial.pth");
        TorchSaveWriter.writeZipRecords(file, "archive",
                StateDictPickler.pickle(stateDict, StateDictPickler.Layout.ZIP, keys::get), storages, "little");

        assertThat(PthReader.read(file, name -> name.startsWith("features.")).names()).hasSize(2);
        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": incomplete archive: entry 'archive/data/2' is missing");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readsAStateDictOfOnlyFeatureTensors(Layout layout) {
        Map<String, TorchTensor> features = new LinkedHashMap<>(smallVgg());
        features.remove("classifier.weight");
        Path file = directory.resolve("features.pth");
        layout.write(file, features);

        assertThat(PthReader.read(file).names()).containsExactly("features.0.weight", "features.0.bias");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void convertsHalfBfloat16AndDoubleStoragesToFloat(Layout layout) {
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        // float16 bit patterns: 1, -2, 1365/4096, 65504 (largest), 2^-24 (smallest subnormal), -0
        stateDict.put("half",
                TorchTensor.contiguous(TorchStorage.halves(0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000), 6));
        // bfloat16 bit patterns: 1, 3.140625, -123.5, +infinity
        stateDict.put("bfloat16", TorchTensor.contiguous(TorchStorage.bfloat16s(0x3F80, 0x4049, 0xC2F7, 0x7F80), 2, 2));
        stateDict.put("double", TorchTensor.contiguous(TorchStorage.doubles(2.5, -1e-3), 2));
        Path file = directory.resolve("mixed.pth");
        layout.write(file, stateDict);

        StateDict read = PthReader.read(file);

        assertThat(read.require("half", 6).values())
                .containsExactly(1f, -2f, 0.333251953125f, 65504f, 0x1p-24f, -0f);
        assertThat(Float.floatToIntBits(read.require("half").values()[5])).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(read.require("bfloat16", 2, 2).values())
                .containsExactly(1f, 3.140625f, -123.5f, Float.POSITIVE_INFINITY);
        assertThat(read.require("double", 2).values()).containsExactly(2.5f, -1e-3f);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void gathersOffsetAndStridedViewsIntoRowMajorTensors(Layout layout) {
        TorchStorage grid = TorchStorage.floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        // grid as 3x4; its transpose is 4x3 with strides (1, 4).
        stateDict.put("transposed", TorchTensor.view(grid, 0, new long[] {4, 3}, new long[] {1, 4}));
        // the 2x2 block at row 1, column 1 of the 3x4 grid
        stateDict.put("block", TorchTensor.view(grid, 5, new long[] {2, 2}, new long[] {4, 1}));
        // expand(): stride 0 repeats one element
        stateDict.put("expanded", TorchTensor.view(grid, 7, new long[] {3}, new long[] {0}));
        stateDict.put("tail", TorchTensor.view(grid, 9, new long[] {3}, new long[] {1}));
        Path file = directory.resolve("views.pth");
        layout.write(file, stateDict);

        StateDict read = PthReader.read(file);

        assertThat(read.require("transposed", 4, 3).values()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
        assertThat(read.require("block", 2, 2).values()).containsExactly(5, 6, 9, 10);
        assertThat(read.require("expanded", 3).values()).containsExactly(7, 7, 7);
        assertThat(read.require("tail", 3).values()).containsExactly(9, 10, 11);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void tensorsSharingAStorageGetTheirOwnArrays(Layout layout) {
        TorchStorage shared = TorchStorage.floats(1, 2, 3);
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        stateDict.put("encoder.weight", TorchTensor.contiguous(shared, 3));
        stateDict.put("decoder.weight", TorchTensor.contiguous(shared, 3));
        Path file = directory.resolve("tied.pth");
        layout.write(file, stateDict);

        StateDict read = PthReader.read(file);
        read.require("encoder.weight").values()[0] = 100;

        assertThat(read.require("decoder.weight", 3).values()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void leavesIntegerTensorsOut(Layout layout) {
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        stateDict.put("bn.running_mean", TorchTensor.floats(new float[] {0.5f, 1.5f}, 2));
        stateDict.put("bn.num_batches_tracked", TorchTensor.contiguous(TorchStorage.longs(123_456_789_012L)));
        Path file = directory.resolve("bn.pth");
        layout.write(file, stateDict);

        assertThat(PthReader.read(file).names()).containsExactly("bn.running_mean");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readsFilesWrittenOnBigEndianMachines(Layout layout) {
        Path file = directory.resolve("big.pth");
        layout.write(file, smallVgg(), ByteOrder.BIG_ENDIAN);

        assertThat(PthReader.read(file).require("features.0.bias", 2).values()).containsExactly(-0.5f, 0.25f);
    }

    @Test
    void acceptsAnyRecordFolderName() {
        Path file = directory.resolve("vgg19-dcbb9e9d.pth");
        TorchSaveWriter.writeZip(file, "vgg19-dcbb9e9d", smallVgg(), ByteOrder.LITTLE_ENDIAN);

        assertThat(PthReader.read(file).names()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"state_dict", "model_state_dict", "model"})
    void unwrapsTrainingCheckpoints(String wrapperKey) {
        Path file = directory.resolve("checkpoint.pth");
        TorchSaveWriter.writeZipCheckpoint(file, smallVgg(), wrapperKey);

        assertThat(PthReader.read(file).require("features.0.bias", 2).values()).containsExactly(-0.5f, 0.25f);
    }

    /**
     * torch.save(state_dict, pickle_protocol=4): the pickle is CPython's own (see
     * RestrictedUnpicklerTest), holding a float16 'conv.weight' (2, 2) and a float32 'conv.bias' (2,)
     * at offset 1 of a 3-element storage.
     */
    @Test
    void readsArchivesPickledWithProtocolFour() {
        byte[] pickle = HexFormat.of().parseHex("8004951e010000000000008c0b636f6c6c656374696f6e73948c0b4f7264657265"
                + "6444696374949394295294288c0b636f6e762e776569676874948c0c746f7263682e5f7574696c73948c125f726562"
                + "75696c645f74656e736f725f763294939428288c0773746f72616765948c05746f726368948c0b48616c6653746f72"
                + "6167659493948c0130948c03637075944b047494514b004b024b0286944b024b018694896802295294749452948c09"
                + "636f6e762e626961739468072828680868098c0c466c6f617453746f726167659493948c013194680d4b037494514b"
                + "014b0285944b01859489680229529474945294757d948c095f6d65746164617461946802295294288c00947d948c07"
                + "76657273696f6e944b01738c04636f6e76947d9468234b01737573622e");
        Map<String, byte[]> storages = new TreeMap<>();
        storages.put("0", TorchStorage.halves(0x3C00, 0xC000, 0x3800, 0x4200).bytes());
        storages.put("1", TorchStorage.floats(9, 10, 11).bytes());
        Path file = directory.resolve("protocol4.pth");
        TorchSaveWriter.writeZipRecords(file, "protocol4", pickle, storages, "little");

        StateDict read = PthReader.read(file);

        assertThat(read.require("conv.weight", 2, 2).values()).containsExactly(1f, -2f, 0.5f, 3f);
        assertThat(read.require("conv.bias", 2).values()).containsExactly(10f, 11f);
    }

    @Test
    void refusesMaliciousZipArchivesNamingTheGlobal() {
        Path file = directory.resolve("evil.pth");
        TorchSaveWriter.writeZipRecords(file, "archive", osSystemPickle(), Map.of(), "little");

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": refusing to load: the pickle names the global 'os.system',"
                        + " which a weights file never needs");
    }

    @Test
    void refusesMaliciousLegacyFilesNamingTheGlobal() {
        Path file = directory.resolve("evil.pth");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(TorchSaveWriter.legacyHeader(true));
        bytes.writeBytes(osSystemPickle());
        TorchSaveWriter.write(file, bytes.toByteArray());

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": refusing to load: the pickle names the global 'os.system',"
                        + " which a weights file never needs");
    }

    @Test
    void refusesAMaliciousPickleInPlaceOfTheMagicNumber() {
        Path file = directory.resolve("evil.pth");
        byte[] eval = new PickleWriter().protocol(2).global("builtins", "eval").string("1+1").tuple(1)
                .reduce().stop().toByteArray();
        TorchSaveWriter.write(file, eval);

        assertThatThrownBy(() -> PthReader.read(file))
                .hasMessage(file + ": refusing to load: the pickle names the global 'builtins.eval',"
                        + " which a weights file never needs");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void reportsEveryTruncationAsATruncatedFile(Layout layout) throws Exception {
        Path whole = directory.resolve("whole.pth");
        layout.write(whole, smallVgg());
        byte[] bytes = Files.readAllBytes(whole);
        Path file = directory.resolve("cut.pth");

        // From 4 bytes on, as fewer cannot hold the zip signature that makes a file recognisable.
        for (int length = 4; length < bytes.length; length++) {
            TorchSaveWriter.write(file, Arrays.copyOf(bytes, length));
            int cut = length;
            assertThatThrownBy(() -> PthReader.read(file))
                    .as("cut at %d of %d bytes", cut, bytes.length)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": ")
                    .hasMessageContaining("truncated")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void reportsAStorageRecordOfTheWrongSize() {
        Map<String, TorchTensor> stateDict = Map.of("weight", TorchTensor.floats(new float[] {1, 2, 3}, 3));
        Map<TorchStorage, String> keys = TorchSaveWriter.zipStorageKeys(stateDict);
        Path file = directory.resolve("short.pth");
        TorchSaveWriter.writeZipRecords(file, "archive",
                StateDictPickler.pickle(stateDict, StateDictPickler.Layout.ZIP, keys::get),
                Map.of("0", new byte[8]), "little");

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": entry 'archive/data/0' holds 8 bytes, but the pickle declares 3 FLOAT32"
                        + " elements (12 bytes)");
    }

    @Test
    void reportsALegacyStorageWhoseCountDisagreesWithThePickle() throws Exception {
        Path file = directory.resolve("legacy.pth");
        Layout.LEGACY.write(file, Map.of("weight", TorchTensor.floats(new float[] {1, 2, 3}, 3)));
        byte[] bytes = Files.readAllBytes(file);
        // The data section is the last 8 + 12 bytes: the element count, then three floats.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 20, 4);
        Files.write(file, bytes);

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("holds 4 elements, but the pickle declares 3");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void reportsViewsReachingPastTheirStorage(Layout layout) {
        TorchStorage storage = TorchStorage.floats(1, 2, 3, 4);
        Path file = directory.resolve("overrun.pth");
        layout.write(file, Map.of("weight", TorchTensor.view(storage, 1, new long[] {2, 2}, new long[] {2, 1})));

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": tensor 'weight' (size [2, 2], stride [2, 1], offset 1) reaches past the end"
                        + " of its storage of 4 elements");
    }

    @Test
    void reportsAPickleHoldingNoTensors() {
        Path file = directory.resolve("empty.pth");
        Layout.ZIP.write(file, Map.of());

        assertThatThrownBy(() -> PthReader.read(file))
                .hasMessage(file + ": holds no tensors, so it is not a state_dict (top-level keys: none)");
    }

    @Test
    void reportsFilesThatAreNotPthFiles() throws Exception {
        Path text = directory.resolve("notes.pth");
        Files.writeString(text, "just some text");
        Path foreignZip = directory.resolve("photos.pth");
        TorchSaveWriter.writeStoredZip(foreignZip, Map.of("holiday.txt", new byte[] {1}));
        Path pickle = directory.resolve("pickle.pth");
        TorchSaveWriter.write(pickle, new PickleWriter().protocol(2).emptyDict().stop().toByteArray());

        assertThatThrownBy(() -> PthReader.read(text)).hasMessage(text + ": not a PyTorch .pth file");
        assertThatThrownBy(() -> PthReader.read(foreignZip))
                .hasMessage(foreignZip + ": a zip archive that is not a PyTorch .pth file");
        assertThatThrownBy(() -> PthReader.read(pickle))
                .hasMessage(pickle + ": not a PyTorch .pth file (a pickle without torch.save's magic number)");
    }

    @Test
    void turnsAwayTorchScriptArchives() {
        Path file = directory.resolve("scripted.pt");
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("scripted/data.pkl", osSystemPickle());
        records.put("scripted/code/__torch__.py", "def forward(self): ...".getBytes(StandardCharsets.UTF_8));
        records.put("scripted/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        TorchSaveWriter.writeStoredZip(file, records);

        assertThatThrownBy(() -> PthReader.read(file))
                .hasMessage(file + ": a TorchScript archive (torch.jit.save), not a state_dict;"
                        + " save model.state_dict() with torch.save instead");
    }

    @Test
    void turnsAwayTheAncientTarLayout() {
        byte[] tar = new byte[1024];
        byte[] name = "storages".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tar, 0, name.length);
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        Path file = directory.resolve("ancient.pth");
        TorchSaveWriter.write(file, tar);

        assertThatThrownBy(() -> PthReader.read(file))
                .hasMessageContaining("tar layout of torch.save before torch 0.4");
    }

    @Test
    void reportsMissingAndEmptyFiles() throws Exception {
        Path missing = directory.resolve("missing.pth");
        Path empty = Files.createFile(directory.resolve("empty.pth"));

        assertThatThrownBy(() -> PthReader.read(missing)).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> PthReader.read(empty)).hasMessage(empty + ": empty file, not a weights file");
    }

    /** A small VGG-like state_dict: a conv layer's weight and bias, then a classifier weight. */
    static Map<String, TorchTensor> smallVgg() {
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        stateDict.put("features.0.weight", TorchTensor.floats(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2));
        stateDict.put("features.0.bias", TorchTensor.floats(new float[] {-0.5f, 0.25f}, 2));
        stateDict.put("classifier.weight",
                TorchTensor.floats(new float[] {1e-3f, 2e-3f, 3e-3f, 4e-3f, 5e-3f, 6e-3f}, 3, 2));
        return stateDict;
    }

    /** What pickling an object whose __reduce__ returns (os.system, ('echo pwned',)) writes. */
    static byte[] osSystemPickle() {
        return new PickleWriter().protocol(2).global("os", "system").string("echo pwned").tuple(1)
                .reduce().stop().toByteArray();
    }
}
