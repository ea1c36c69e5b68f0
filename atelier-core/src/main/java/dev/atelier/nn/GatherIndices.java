package dev.atelier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Flat indices for gathers that a network repeats on inputs of one shape (reflection and
 * replication padding, {@code PhaseConvolution}'s phase split), kept between calls so that each
 * gather is one {@code torch.take}: PyTorch's advanced indexing with a row and a column index
 * computes every offset again. In Magenta's transformer on a 640 x 480 frame (PyTorch's profiler)
 * the eight-channel phase split took 12.8 ms that way and 7.7 ms by {@code take}, the four large
 * gathers 27 ms and 13 ms (BENCHMARKS.md, "Where a one-pass network's time goes"). Small inputs
 * do not gain: a 32-channel 120 x 160 reflection by one took 1.3 ms by {@code take}, more than
 * {@link ReflectionPadByOne}'s pad and edge copies.
 *
 * <p>Bounded: an index is kept only while all kept ones fit in the budget; a shape that does not
 * fit is gathered the slow way, never by evicting another (a clip or a batch of one size keeps its
 * indices; a print's tiles of many sizes do not thrash). Single images only ({@code N = 1}). Owned
 * by a network and closed with it. Thread-safe.
 */
public final class GatherIndices implements AutoCloseable {
    /** The default budget: 128 MiB of int64 indices, the four gathers of a 640 x 480 frame take 43. */
    public static final long DEFAULT_BUDGET_BYTES = 128L << 20;

    private final NDManager manager;
    private final long budgetBytes;
    private final Map<List<Object>, NDArray> kept = new HashMap<>();
    private long keptBytes;

    public GatherIndices(NDManager parent, long budgetBytes) {
        this.manager = parent.newSubManager();
        this.budgetBytes = budgetBytes;
    }

    public GatherIndices(NDManager parent) {
        this(parent, DEFAULT_BUDGET_BYTES);
    }

    /**
     * The kept index for {@code key}, made by {@code indices} the first time, shaped as the gather's
     * result; {@code null} when it does not fit the budget (the caller then gathers another way).
     *
     * @param key what the index depends on (the kind of gather and every size it uses)
     * @param shape the gathered result's shape; the index has as many elements
     * @param indices the flat source offset of each result element, in the result's order
     */
    public synchronized NDArray index(List<Object> key, Shape shape, Supplier<long[]> indices) {
        NDArray index = kept.get(key);
        if (index != null) {
            return index;
        }
        long bytes = shape.size() * Long.BYTES;
        if (keptBytes + bytes > budgetBytes) {
            return null;
        }
        index = HostArrays.of(manager, indices.get(), shape);
        kept.put(List.copyOf(key), index);
        keptBytes += bytes;
        return index;
    }

    /** Bytes of indices kept now. */
    public synchronized long keptBytes() {
        return keptBytes;
    }

    /**
     * {@code input[:, :, rows[:, None], columns[None, :]]} for a single image: by the kept index
     * when it fits, else {@code null}.
     */
    public NDArray gatherRowsAndColumns(NDArray input, long[] rows, long[] columns) {
        Shape shape = input.getShape();
        if (shape.get(0) != 1) {
            return null;
        }
        long channels = shape.get(1);
        long height = shape.get(2);
        long width = shape.get(3);
        NDArray index = index(List.of("rows and columns", channels, height, width, new Offsets(rows),
                new Offsets(columns)),
                new Shape(1, channels, rows.length, columns.length), () -> {
                    long[] flat = new long[Math.toIntExact(channels * rows.length * columns.length)];
                    int at = 0;
                    for (long channel = 0; channel < channels; channel++) {
                        for (long row : rows) {
                            long start = (channel * height + row) * width;
                            for (long column : columns) {
                                flat[at++] = start + column;
                            }
                        }
                    }
                    return flat;
                });
        return index == null ? null : input.take(index);
    }

    /** Source rows or columns as part of a key: equal when their values are. */
    private record Offsets(long[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Offsets offsets && Arrays.equals(values, offsets.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return values.length + " offsets";
        }
    }

    @Override
    public synchronized void close() {
        kept.clear();
        keptBytes = 0;
        manager.close();
    }
}
