package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the persistent ids of a state_dict pickle into {@link StorageSlice}s and remembers every
 * storage named, so the container can check its data against what the pickle declared.
 */
final class StorageRegistry {
    private final Path file;
    private final Map<String, StorageReference> storages = new LinkedHashMap<>();

    StorageRegistry(Path file) {
        this.file = file;
    }

    /** The zip format's id: {@code ('storage', storage_type, key, location, numel)}. */
    StorageSlice zipStorage(PickleTuple id) {
        if (id.size() != 5) {
            throw malformed("a storage id of " + id.size() + " items, expected 5");
        }
        StorageReference storage = register(id);
        return new StorageSlice(storage, 0, storage.elementCount());
    }

    /**
     * The legacy format's id: {@code ('storage', storage_type, root_key, location, numel,
     * view_metadata)}, where a view is {@code (view_key, offset, size)} in elements of the root.
     */
    StorageSlice legacyStorage(PickleTuple id) {
        if (id.size() != 6) {
            throw malformed("a storage id of " + id.size() + " items, expected 6");
        }
        StorageReference storage = register(id);
        if (id.get(5) == null) {
            return new StorageSlice(storage, 0, storage.elementCount());
        }
        if (!(id.get(5) instanceof PickleTuple view) || view.size() != 3) {
            throw malformed("a storage view that is not (key, offset, size)");
        }
        long offset = count(view.get(1), "view offset");
        long length = count(view.get(2), "view size");
        if (offset > storage.elementCount() || length > storage.elementCount() - offset) {
            throw malformed("a view of " + length + " elements from " + offset + " in storage "
                    + Messages.quoted(storage.key()) + " of " + storage.elementCount());
        }
        return new StorageSlice(storage, offset, length);
    }

    StorageReference find(String key) {
        return storages.get(key);
    }

    private StorageReference register(PickleTuple id) {
        if (!(id.get(1) instanceof TorchGlobal type) || type.role() != TorchGlobal.Role.STORAGE_TYPE) {
            throw malformed("a storage id whose type is not a torch storage class");
        }
        if (!(id.get(2) instanceof String key)) {
            throw malformed("a storage id whose key is not a string");
        }
        long elementCount = count(id.get(4), "storage size");
        if (elementCount > Long.MAX_VALUE / type.elementType().byteSize()) {
            throw malformed("storage " + Messages.quoted(key) + " of an impossible " + elementCount + " elements");
        }
        StorageReference storage = new StorageReference(key, type.elementType(), elementCount);
        StorageReference known = storages.putIfAbsent(key, storage);
        if (known != null && !known.equals(storage)) {
            throw malformed("storage " + Messages.quoted(key) + " declared twice with different types or sizes");
        }
        return storage;
    }

    private long count(Object value, String what) {
        if (value instanceof Long number && number >= 0) {
            return number;
        }
        throw malformed("a " + what + " that is not a non-negative integer");
    }

    private BadInputException malformed(String detail) {
        return new BadInputException(file, "malformed state_dict pickle (" + detail + ")");
    }
}
