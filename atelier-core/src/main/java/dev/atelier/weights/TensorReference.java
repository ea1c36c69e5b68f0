package dev.atelier.weights;

/**
 * A tensor as a pickle describes it, before any data is read: a strided view of a storage slice
 * ({@code torch._utils._rebuild_tensor_v2}'s arguments).
 */
record TensorReference(StorageSlice slice, long offset, long[] shape, long[] stride) {
}
