package dev.atelier.weights;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the pickle {@code torch.save(state_dict)} writes with protocol 2, opcode for opcode: the
 * OrderedDict reduced from {@code collections.OrderedDict}, each tensor as a REDUCE of
 * {@code torch._utils._rebuild_tensor_v2} over its storage's persistent id, and finally a BUILD
 * setting {@code _metadata}.
 */
final class StateDictPickler {
    private static final int BATCH_SIZE = 1000;

    /** The zip layout's 5-item persistent ids, or the legacy layout's 6-item ones. */
    enum Layout { ZIP, LEGACY }

    private final Layout layout;
    private final Function<TorchStorage, String> storageKeys;
    private final PickleWriter pickle = new PickleWriter();

    private StateDictPickler(Layout layout, Function<TorchStorage, String> storageKeys) {
        this.layout = layout;
        this.storageKeys = storageKeys;
    }

    static byte[] pickle(Map<String, TorchTensor> stateDict, Layout layout, Function<TorchStorage, String> keys) {
        StateDictPickler pickler = new StateDictPickler(layout, keys);
        pickler.pickle.protocol(2);
        pickler.stateDict(stateDict);
        return pickler.pickle.stop().toByteArray();
    }

    /** A training checkpoint: {@code {'epoch': 3, wrapperKey: state_dict}}. */
    static byte[] pickleCheckpoint(Map<String, TorchTensor> stateDict, String wrapperKey,
            Function<TorchStorage, String> keys) {
        StateDictPickler pickler = new StateDictPickler(Layout.ZIP, keys);
        pickler.pickle.protocol(2).emptyDict().mark().string("epoch").integer(3).string(wrapperKey);
        pickler.stateDict(stateDict);
        return pickler.pickle.setItems().stop().toByteArray();
    }

    private void stateDict(Map<String, TorchTensor> stateDict) {
        orderedDict();
        setItems(new ArrayList<>(stateDict.entrySet()), entry -> {
            pickle.string(entry.getKey());
            tensor(entry.getValue());
        });
        // OrderedDict.__reduce__ hands its __dict__ ({'_metadata': ...}) to BUILD after the items.
        pickle.emptyDict().sharedString("_metadata");
        orderedDict();
        setItems(modulePrefixes(stateDict.keySet()), prefix -> {
            pickle.string(prefix).emptyDict().sharedString("version").integer(1).setItem();
        });
        pickle.setItem().build();
    }

    private void orderedDict() {
        pickle.global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** Python's _batch_setitems: MARK ... SETITEMS per 1000 items, a lone item with SETITEM. */
    private <T> void setItems(List<T> items, java.util.function.Consumer<T> saveItem) {
        for (int start = 0; start < items.size(); start += BATCH_SIZE) {
            List<T> batch = items.subList(start, Math.min(items.size(), start + BATCH_SIZE));
            if (batch.size() == 1) {
                saveItem.accept(batch.get(0));
                pickle.setItem();
            } else {
                pickle.mark();
                batch.forEach(saveItem);
                pickle.setItems();
            }
        }
    }

    private void tensor(TorchTensor tensor) {
        pickle.global("torch._utils", "_rebuild_tensor_v2").mark();
        storage(tensor.storage());
        pickle.integer(tensor.offset());
        tuple(tensor.size());
        tuple(tensor.stride());
        pickle.bool(false);
        orderedDict();
        pickle.tuple(6).reduce();
    }

    private void storage(TorchStorage storage) {
        pickle.mark().sharedString("storage").global("torch", storage.className());
        String key = storageKeys.apply(storage);
        if (layout == Layout.ZIP) {
            // torch's id_map hands back the very string it stored, so a second use is memoized.
            pickle.sharedString(key);
        } else {
            // The legacy writer formats str(storage._cdata) afresh for every tensor.
            pickle.string(key);
        }
        pickle.sharedString("cpu").integer(storage.elementCount());
        if (layout == Layout.LEGACY) {
            pickle.none();
        }
        pickle.tuple(layout == Layout.ZIP ? 5 : 6).persistentId();
    }

    private void tuple(long[] values) {
        if (values.length == 0) {
            pickle.emptyTuple();
            return;
        }
        if (values.length > 3) {
            pickle.mark();
        }
        for (long value : values) {
            pickle.integer(value);
        }
        pickle.tuple(values.length);
    }

    /** The module paths state_dict() records version metadata for: '' and each tensor's parents. */
    private static List<String> modulePrefixes(Set<String> names) {
        Set<String> prefixes = new LinkedHashSet<>();
        prefixes.add("");
        for (String name : names) {
            int dot = name.indexOf('.');
            while (dot >= 0) {
                prefixes.add(name.substring(0, dot));
                dot = name.indexOf('.', dot + 1);
            }
        }
        return new ArrayList<>(prefixes);
    }
}
