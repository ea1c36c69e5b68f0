package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.testing.Fuzzing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files crafted to make a reader build far more than they hold: each is refused in one line,
 * having allocated little. Before the bounds, each of these allocated gigabytes (or ran out of memory).
 */
class InflatedWeightsTest {
    /** What refusing any of these files may allocate; the attacks aim at gigabytes. */
    private static final long MODEST = 64L << 20;

    @TempDir
    Path directory;

    /**
     * A 1 MB .pth whose data.pkl is deflated and inflates to 256 MiB (the file inflated to
     * 1 GiB; the smaller one is quicker to make and fails the same way).
     */
    @Test
    void aCompressedPickleThatInflatesToHundredsOfMegabytesIsRefusedBeforeItIsUnpacked() throws IOException {
        Path file = directory.resolve("bomb.pth");
        long inflated = 256L << 20;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            // PROTO 2, then BINBYTES8 of zeros filling the entry.
            byte[] header = {(byte) 0x80, 2, (byte) 0x8e, 0, 0, 0, 0, 0, 0, 0, 0};
            long payload = inflated - header.length - 1;
            for (int i = 0; i < 8; i++) {
                header[3 + i] = (byte) (payload >>> (8 * i));
            }
            zip.write(header);
            writeZeros(zip, payload);
            zip.write('.');
            zip.closeEntry();
        }
        assertThat(Files.size(file)).isLessThan(2L << 20);

        long before = Fuzzing.allocatedBytes();
        assertThatThrownBy(() -> PthReader.read(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": entry 'archive/data.pkl' declares " + inflated + " bytes, more than the "
                        + Files.size(file) + "-byte archive holds with the records before it (torch.save stores "
                        + "records uncompressed)");
        assertThat(Fuzzing.allocatedBytes() - before).isLessThan(MODEST);
    }

    /**
     * A pickle that memoizes one tuple of 100,000 sizes and then rebuilds tensors from it 20,000
     * times: about 300 kB of pickle asking for 32 GB of size and stride arrays.
     */
    @Test
    void aPickleThatRecallsOneLargeTupleOverAndOverIsStopped() throws IOException {
        int dimensions = 100_000;
        int repetitions = 20_000;
        PickleWriter pickle = new PickleWriter().protocol(2).emptyDict();
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.mark();
        pickle.mark().sharedString("storage").global("torch", "FloatStorage").sharedString("0").sharedString("cpu")
                .integer(1).tuple(5).persistentId();
        pickle.integer(0);
        pickle.mark();
        for (int i = 0; i < dimensions; i++) {
            pickle.integer(1);
        }
        pickle.tuple(dimensions);
        pickle.raw('2'); // DUP: the same tuple as the strides
        pickle.bool(false).emptyDict().tuple(6);
        // Memo: dict 0, global 1, 'storage' 2, FloatStorage 3, '0' 4, 'cpu' 5, id 6, sizes 7, hooks 8, arguments 9.
        pickle.raw('0', '0'); // POP the arguments and the global: the dict is left
        for (int i = 0; i < repetitions; i++) {
            pickle.raw('h', 1).raw('h', 9).raw('R').raw('0'); // _rebuild_tensor_v2(*arguments), dropped
        }
        pickle.stop();
        byte[] bytes = pickle.toByteArray();
        Path file = directory.resolve("recall.pth");
        TorchSaveWriter.writeZipRecords(file, "archive", bytes, Map.of("0", new byte[4]), "little");
        assertThat(Files.size(file)).isLessThan(1L << 20);

        long before = Fuzzing.allocatedBytes();
        assertThatThrownBy(() -> PthReader.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": archive/data.pkl would build more than ")
                .hasMessageEndingWith("far more than any state_dict needs; refusing it");
        assertThat(Fuzzing.allocatedBytes() - before).isLessThan(MODEST);
    }

    /** One 4 MB storage named by 300 tensors: 1.2 GB of copies from a 4 MB file. */
    @Test
    void oneStorageSharedByThousandsOfTensorsIsRefused() {
        TorchStorage storage = TorchStorage.floats(new float[1 << 20]);
        Map<String, TorchTensor> stateDict = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            stateDict.put("copy" + i, TorchTensor.contiguous(storage, 1 << 20));
        }
        for (String layout : new String[] {"zip", "legacy"}) {
            Path file = directory.resolve(layout + ".pth");
            if (layout.equals("zip")) {
                TorchSaveWriter.writeZip(file, stateDict);
            } else {
                TorchSaveWriter.writeLegacy(file, stateDict);
            }

            long before = Fuzzing.allocatedBytes();
            assertThatThrownBy(() -> PthReader.read(file)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": its tensors' views add up to more than ");
            assertThat(Fuzzing.allocatedBytes() - before).as(layout).isLessThan(MODEST);
        }
    }

    /** Tied weights (two names, one storage) are what real files share, and still read. */
    @Test
    void aStorageSharedByTwoTensorsStillReads() {
        TorchStorage storage = TorchStorage.floats(1, 2, 3, 4);
        Path file = directory.resolve("tied.pth");
        TorchSaveWriter.writeZip(file, Map.of("embedding.weight", TorchTensor.contiguous(storage, 2, 2),
                "output.weight", TorchTensor.contiguous(storage, 2, 2)));

        StateDict read = PthReader.read(file);
        assertThat(read.asMap().get("output.weight").values()).containsExactly(1, 2, 3, 4);
        assertThat(read.asMap().get("embedding.weight").values()).containsExactly(1, 2, 3, 4);
    }

    private static void writeZeros(OutputStream output, long count) throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (long left = count; left > 0; left -= zeros.length) {
            output.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }
}
