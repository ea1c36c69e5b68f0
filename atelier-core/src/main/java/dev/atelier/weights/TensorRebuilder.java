package dev.atelier.weights;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds row-major {@link HostTensor}s from pickled tensor views and their storages' values,
 * honouring storage offsets and strides. Every view is checked against its storage's bounds before
 * any storage is read, and all of them together against the file's size: views may share a storage
 * (tied weights), but a pickle naming one storage under thousands of keys would otherwise turn a
 * small file into gigabytes of copies.
 */
final class TensorRebuilder {

    /** Supplies a storage's values as float32; called at most once per storage. */
    interface StorageLoader {
        float[] load(StorageReference storage);
    }

    private final Path file;
    private final Map<String, float[]> loaded = new HashMap<>();
    private final Map<String, Integer> pendingUses = new HashMap<>();

    private TensorRebuilder(Path file) {
        this.file = file;
    }

    static Map<String, HostTensor> rebuild(Path file, Map<String, TensorReference> tensors, StorageLoader loader) {
        return new TensorRebuilder(file).rebuildAll(tensors, loader);
    }

    /** Float values the tensors of a file may hold in all, per byte of the file. */
    static final long VALUES_PER_FILE_BYTE = 2;
    /** Values any file may hold in all, however small. */
    static final long BASE_VALUES = 1 << 20;

    private Map<String, HostTensor> rebuildAll(Map<String, TensorReference> tensors, StorageLoader loader) {
        tensors.forEach(this::checkBounds);
        checkTotal(tensors);
        tensors.values().forEach(tensor -> pendingUses.merge(tensor.slice().storage().key(), 1, Integer::sum));
        Map<String, HostTensor> result = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> result.put(name, rebuild(tensor, loader)));
        return result;
    }

    private HostTensor rebuild(TensorReference tensor, StorageLoader loader) {
        StorageReference storage = tensor.slice().storage();
        float[] values = loaded.computeIfAbsent(storage.key(), key -> loadChecked(storage, loader));
        int uses = pendingUses.merge(storage.key(), -1, Integer::sum);
        if (uses == 0) {
            // Let the storage go as soon as its last tensor is built: only one copy of the weights lives.
            loaded.remove(storage.key());
        }
        int count = (int) HostTensor.elementCount(tensor.shape());
        int start = (int) (tensor.slice().offset() + tensor.offset());
        if (count == 0) {
            return new HostTensor(tensor.shape(), new float[0]);
        }
        if (isContiguous(tensor.shape(), tensor.stride())) {
            if (uses == 0 && start == 0 && count == values.length) {
                return new HostTensor(tensor.shape(), values);
            }
            return new HostTensor(tensor.shape(), Arrays.copyOfRange(values, start, start + count));
        }
        return new HostTensor(tensor.shape(), gather(values, start, count, tensor.shape(), tensor.stride()));
    }

    private float[] loadChecked(StorageReference storage, StorageLoader loader) {
        float[] values = loader.load(storage);
        if (values.length != storage.elementCount()) {
            throw new IllegalStateException("storage " + storage.key() + " loaded " + values.length + " values");
        }
        return values;
    }

    /** Walks the view in row-major order, stepping through the storage by the strides. */
    private static float[] gather(float[] storage, int start, int count, long[] shape, long[] stride) {
        float[] values = new float[count];
        int rank = shape.length;
        long[] index = new long[rank];
        long position = start;
        for (int i = 0; i < count; i++) {
            values[i] = storage[(int) position];
            for (int dimension = rank - 1; dimension >= 0; dimension--) {
                index[dimension]++;
                position += stride[dimension];
                if (index[dimension] < shape[dimension]) {
                    break;
                }
                position -= stride[dimension] * shape[dimension];
                index[dimension] = 0;
            }
        }
        return values;
    }

    /** Row-major contiguity; a dimension of size 1 may have any stride, as in torch. */
    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int dimension = shape.length - 1; dimension >= 0; dimension--) {
            if (shape[dimension] != 1 && stride[dimension] != expected) {
                return false;
            }
            expected *= shape[dimension];
        }
        return true;
    }

    private void checkBounds(String name, TensorReference tensor) {
        StorageSlice slice = tensor.slice();
        try {
            long count = HostTensor.elementCount(tensor.shape());
            if (count > ByteInput.MAX_ARRAY_LENGTH) {
                throw new BadInputException(file, "tensor " + Messages.quoted(name) + " holds " + count
                        + " elements, more than one array can hold");
            }
            if (count == 0) {
                return;
            }
            long last = tensor.offset();
            for (int dimension = 0; dimension < tensor.shape().length; dimension++) {
                last = Math.addExact(last,
                        Math.multiplyExact(tensor.shape()[dimension] - 1, tensor.stride()[dimension]));
            }
            if (last >= slice.length()) {
                throw outOfBounds(name, tensor);
            }
            if (slice.storage().elementCount() > ByteInput.MAX_ARRAY_LENGTH) {
                throw new BadInputException(file, "tensor " + Messages.quoted(name) + " lies in a storage of "
                        + slice.storage().elementCount() + " elements, more than one array can hold");
            }
        } catch (ArithmeticException e) {
            throw outOfBounds(name, tensor);
        }
    }

    private void checkTotal(Map<String, TensorReference> tensors) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        long limit = BASE_VALUES + VALUES_PER_FILE_BYTE * fileSize;
        long total = 0;
        for (TensorReference tensor : tensors.values()) {
            total += HostTensor.elementCount(tensor.shape());
            if (total > limit) {
                throw new BadInputException(file, "its tensors' views add up to more than " + limit + " values, more "
                        + "than a " + fileSize + "-byte file can hold even with shared storages; refusing it");
            }
        }
    }

    private BadInputException outOfBounds(String name, TensorReference tensor) {
        return new BadInputException(file, "tensor " + Messages.quoted(name) + " (size "
                + Arrays.toString(tensor.shape()) + ", stride " + Arrays.toString(tensor.stride()) + ", offset "
                + tensor.offset() + ") reaches past the end of its storage of " + tensor.slice().length()
                + " elements");
    }
}
