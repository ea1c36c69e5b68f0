package dev.atelier.weights;

/** A tensor for the test writers: a strided view of a storage, as torch pickles it. */
record TorchTensor(TorchStorage storage, long offset, long[] size, long[] stride) {

    /** A tensor owning its storage, laid out row-major. */
    static TorchTensor contiguous(TorchStorage storage, long... size) {
        return view(storage, 0, size, rowMajorStrides(size));
    }

    static TorchTensor floats(float[] values, long... size) {
        return contiguous(TorchStorage.floats(values), size);
    }

    static TorchTensor view(TorchStorage storage, long offset, long[] size, long[] stride) {
        return new TorchTensor(storage, offset, size, stride);
    }

    static long[] rowMajorStrides(long... size) {
        long[] stride = new long[size.length];
        long step = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            stride[i] = step;
            step *= size[i];
        }
        return stride;
    }
}
