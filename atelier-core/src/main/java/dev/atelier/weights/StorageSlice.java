package dev.atelier.weights;

/**
 * The part of a storage a persistent id refers to: the whole storage, or for the legacy format's
 * storage views, {@code length} elements from {@code offset}.
 */
record StorageSlice(StorageReference storage, long offset, long length) {
}
