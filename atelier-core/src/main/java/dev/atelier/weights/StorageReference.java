package dev.atelier.weights;

/** One tensor storage of a .pth file: its key in the container, element type and size. */
record StorageReference(String key, ElementType type, long elementCount) {
}
