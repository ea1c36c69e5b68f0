package dev.atelier.weights;

import dev.atelier.Failures;
import dev.atelier.BadInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The layout {@code torch.save} wrote before torch 1.6 (and still writes with
 * {@code _use_new_zipfile_serialization=False}): five pickles in a row (magic number, format
 * version 1001, system information, the state_dict, the list of storage keys), then each listed
 * storage as an int64 element count and its raw elements. Storages no wanted tensor uses are
 * skipped over, not read.
 */
final class PthLegacyFile {
    private static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long FORMAT_VERSION = 1001;

    private final Path file;
    private final ByteInput input;
    private final StorageRegistry storages;
    private final PickleRules plainRules;

    private PthLegacyFile(Path file, ByteInput input) {
        this.file = file;
        this.input = input;
        this.storages = new StorageRegistry(file);
        // The header pickles are plain values: a storage id there is as wrong as any other.
        this.plainRules = new TorchPickleRules(file, id -> {
            throw new BadInputException(file, "malformed .pth file (a storage id outside the state_dict pickle)");
        });
    }

    static Map<String, HostTensor> read(Path file, Predicate<String> keep) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new PthLegacyFile(file, new ByteInput(file, channel, channel.size(), "the magic number"))
                    .readTensors(keep);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + Failures.summary(e) + ")", e);
        }
    }

    private Map<String, HostTensor> readTensors(Predicate<String> keep) {
        if (!MAGIC_NUMBER.equals(load(plainRules))) {
            throw new BadInputException(file, "not a PyTorch .pth file (a pickle without torch.save's magic number)");
        }
        input.describe("the format version");
        Object version = load(plainRules);
        if (!Long.valueOf(FORMAT_VERSION).equals(version)) {
            throw new BadInputException(file, "unsupported legacy .pth format version " + Messages.quoted(version));
        }
        input.describe("the system information");
        ByteOrder order = byteOrder(load(plainRules));
        input.describe("the state_dict pickle");
        Object root = load(new TorchPickleRules(file, storages::legacyStorage));
        Map<String, TensorReference> tensors = PickledStateDict.select(root, file, keep);
        Map<String, float[]> values = readStorages(tensors, order);
        return TensorRebuilder.rebuild(file, tensors, storage -> values.remove(storage.key()));
    }

    /** Walks the data section in the key list's order, decoding needed storages and skipping the rest. */
    private Map<String, float[]> readStorages(Map<String, TensorReference> tensors, ByteOrder order) {
        Set<String> needed = new HashSet<>();
        tensors.values().forEach(tensor -> needed.add(tensor.slice().storage().key()));
        input.describe("the storage key list");
        Object keys = load(plainRules);
        if (!(keys instanceof List<?> keyList)) {
            throw new BadInputException(file, "malformed .pth file (the storage key list is a "
                    + PickleValues.typeName(keys) + ")");
        }
        Map<String, float[]> values = new HashMap<>();
        for (Object key : keyList) {
            StorageReference storage = key instanceof String name ? storages.find(name) : null;
            if (storage == null) {
                throw new BadInputException(file, "malformed .pth file (storage " + Messages.quoted(key)
                        + " in the data section is not in the state_dict pickle)");
            }
            input.describe("storage " + Messages.quoted(storage.key()));
            long count = input.readLong(order);
            if (count != storage.elementCount()) {
                throw new BadInputException(file, "storage " + Messages.quoted(storage.key()) + " holds " + count
                        + " elements, but the pickle declares " + storage.elementCount());
            }
            if (needed.contains(storage.key())) {
                values.put(storage.key(), input.readElements(storage.type(), order, count));
            } else {
                input.skip(count * storage.type().byteSize());
            }
        }
        for (String key : needed) {
            if (!values.containsKey(key)) {
                throw new BadInputException(file,
                        "storage " + Messages.quoted(key) + " is missing from the data section");
            }
        }
        return values;
    }

    private ByteOrder byteOrder(Object systemInformation) {
        if (systemInformation instanceof Map<?, ?> information
                && Boolean.FALSE.equals(information.get("little_endian"))) {
            return ByteOrder.BIG_ENDIAN;
        }
        return ByteOrder.LITTLE_ENDIAN;
    }

    private Object load(PickleRules rules) {
        return new RestrictedUnpickler(input, rules).load();
    }
}
