package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReflectionPadByOneTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void mirrorsWithoutRepeatingTheEdgeByHand() {
        // [[1 2 3] [4 5 6]] padded all round: rows mirror to [4 5 6] above and [1 2 3] below, then
        // columns mirror: each row r becomes [r1, r0, r1, r2, r1].
        NDArray input = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
        assertThat(ReflectionPadByOne.apply(input).toFloatArray()).containsExactly(
                5, 4, 5, 6, 5,
                2, 1, 2, 3, 2,
                5, 4, 5, 6, 5,
                2, 1, 2, 3, 2);
        // Top and left only.
        assertThat(ReflectionPadByOne.apply(input, true, false, true, false).toFloatArray()).containsExactly(
                5, 4, 5, 6,
                2, 1, 2, 3,
                5, 4, 5, 6);
    }

    @Test
    void equalsTheGeneralReflectionPadding() {
        NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 5, 7));
        for (int sides = 0; sides < 16; sides++) {
            boolean top = (sides & 1) != 0;
            boolean bottom = (sides & 2) != 0;
            boolean left = (sides & 4) != 0;
            boolean right = (sides & 8) != 0;
            NDArray expected = Layers.reflectionPad(input, top ? 1 : 0, bottom ? 1 : 0, left ? 1 : 0, right ? 1 : 0);
            assertThat(ReflectionPadByOne.apply(input, top, bottom, left, right).toFloatArray()).as("sides " + sides)
                    .containsExactly(expected.toFloatArray());
        }
    }
}
