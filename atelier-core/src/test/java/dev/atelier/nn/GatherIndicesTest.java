package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Padding by a kept flat index against the gather it replaces, and the budget that bounds what is kept. */
class GatherIndicesTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** 0, 1, 2, … so every gathered value names the element it came from. */
    private NDArray counting(long... shape) {
        return manager.arange(0f, (float) new Shape(shape).size()).reshape(shape);
    }

    @Test
    void padsExactlyAsTheGatherDoesAndKeepsTheIndexForTheNextInputOfThatShape() {
        try (GatherIndices indices = new GatherIndices(manager)) {
            NDArray input = counting(1, 3, 5, 6);
            NDArray reflected = Layers.reflectionPad(input, 2, 1, 3, 2, indices);
            assertThat(reflected.toFloatArray()).isEqualTo(Layers.reflectionPad(input, 2, 1, 3, 2).toFloatArray());
            assertThat(reflected.getShape()).isEqualTo(new Shape(1, 3, 8, 11));
            // By hand: row 0 of the padded picture is source row 2, column 0 source column 3.
            assertThat(reflected.getFloat(0, 0, 0, 0)).isEqualTo(2 * 6 + 3);
            long kept = indices.keptBytes();
            assertThat(kept).isEqualTo(3L * 8 * 11 * Long.BYTES);

            NDArray other = input.mul(-1);
            assertThat(Layers.reflectionPad(other, 2, 1, 3, 2, indices).toFloatArray())
                    .isEqualTo(Layers.reflectionPad(other, 2, 1, 3, 2).toFloatArray());
            assertThat(indices.keptBytes()).as("the same index serves the same shape").isEqualTo(kept);

            // The same sizes padded another way are another index, not the first one reused.
            NDArray replicated = Layers.replicationPad(counting(1, 3, 6, 7), 1, indices);
            assertThat(replicated.toFloatArray()).isEqualTo(Layers.replicationPad(counting(1, 3, 6, 7), 1)
                    .toFloatArray());
            NDArray reflectedByOne = Layers.reflectionPad(counting(1, 3, 6, 7), 1, 1, 1, 1, indices);
            assertThat(reflectedByOne.toFloatArray()).isEqualTo(Layers.reflectionPad(counting(1, 3, 6, 7), 1)
                    .toFloatArray());
            assertThat(replicated.toFloatArray()).isNotEqualTo(reflectedByOne.toFloatArray());
        }
    }

    @Test
    void aShapeBeyondTheBudgetIsGatheredTheUsualWayAndNothingIsEvicted() {
        long firstBytes = 2L * 6 * 6 * Long.BYTES;
        try (GatherIndices indices = new GatherIndices(manager, firstBytes + 100)) {
            NDArray small = counting(1, 2, 4, 4);
            Layers.replicationPad(small, 1, indices);
            assertThat(indices.keptBytes()).isEqualTo(firstBytes);

            NDArray large = counting(1, 2, 10, 10);
            NDArray padded = Layers.replicationPad(large, 1, indices);
            assertThat(padded.toFloatArray()).isEqualTo(Layers.replicationPad(large, 1).toFloatArray());
            assertThat(indices.keptBytes()).as("not kept, and the small one still is").isEqualTo(firstBytes);
            AtomicInteger made = new AtomicInteger();
            assertThat(indices.index(List.of("rows and columns", "probe"), new Shape(1, 2, 20, 20), () -> {
                made.incrementAndGet();
                return new long[800];
            })).isNull();
            assertThat(made).as("an index over the budget is never even built").hasValue(0);
        }
    }

    @Test
    void batchesOfSeveralImagesAreGatheredTheUsualWay() {
        try (GatherIndices indices = new GatherIndices(manager)) {
            NDArray batch = counting(2, 3, 4, 5);
            assertThat(Layers.reflectionPad(batch, 1, 1, 1, 1, indices).toFloatArray())
                    .isEqualTo(Layers.reflectionPad(batch, 1).toFloatArray());
            assertThat(indices.keptBytes()).isZero();
        }
    }

    @Test
    void theGatheredArrayBelongsToTheInputsManagerNotTheIndexs() {
        try (GatherIndices indices = new GatherIndices(manager)) {
            NDArray padded;
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = scope.arange(0f, 30f).reshape(1, 1, 5, 6);
                padded = Layers.reflectionPad(input, 1, 1, 1, 1, indices);
                assertThat(padded.getManager()).isSameAs(scope);
            }
            assertThat(padded.isReleased()).as("closed with the input's scope").isTrue();
        }
    }
}
