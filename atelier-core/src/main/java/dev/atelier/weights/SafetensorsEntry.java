package dev.atelier.weights;

/** One tensor of a safetensors header; {@code begin} and {@code end} are offsets into the data. */
record SafetensorsEntry(String name, ElementType type, long[] shape, long begin, long end) {
}
