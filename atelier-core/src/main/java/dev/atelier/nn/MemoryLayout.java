package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Channels-last memory for image batches: the same (N, C, H, W) tensor, stored pixel by pixel with
 * a pixel's channels together (PyTorch's {@code torch.channels_last}). oneDNN convolves such tensors
 * without reordering them into its blocked layout and back at every call, which is what the large,
 * shallow layers of a VGG at full size spend much of their time on (BENCHMARKS.md, "Channels-last").
 * Convolutions, ReLU and pooling keep the layout, so converting a network's input carries it through.
 *
 * <p>DJL has no {@code contiguous(memory_format)}; the layout is made from views it has: the
 * (N, H, W, C) permutation flattened (a contiguous copy, pixel-major) and viewed back as (N, C, H, W).
 */
public final class MemoryLayout {
    private MemoryLayout() {}

    /**
     * {@code batch} (N, C, H, W) with the same values stored channels-last; differentiable, attached
     * like any result to {@code batch}'s manager.
     */
    public static NDArray channelsLast(NDArray batch) {
        Shape shape = batch.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("expected an (N, C, H, W) batch, got " + shape);
        }
        return batch.transpose(0, 2, 3, 1).flatten()
                .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }
}
