package dev.atelier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChannelMomentsTest {
    /** Values 1, 2 and then 3, 6 in two parts: mean 3, squared deviations 4 + 1 + 0 + 9 = 14. */
    @Test
    void partsPoolIntoTheWholesMeanAndVariances() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ChannelMoments moments = new ChannelMoments(1);
            moments.add(manager.create(new float[] {1, 2}, new Shape(1, 1, 1, 2)));
            moments.add(manager.create(new float[] {3, 6}, new Shape(1, 1, 2, 1)));

            assertThat(moments.count()).isEqualTo(4);
            assertThat(moments.mean()[0]).isCloseTo(3f, within(1e-6f));
            assertThat(moments.populationVariance()[0]).isCloseTo(14f / 4, within(1e-6f));
            assertThat(moments.unbiasedVariance()[0]).isCloseTo(14f / 3, within(1e-6f));
        }
    }

    @Test
    void anyPartitionGivesTheSameStatisticsAsTheWhole() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.randomNormal(5, 2, new Shape(1, 3, 9, 11), DataType.FLOAT32);
            ChannelMoments whole = new ChannelMoments(3);
            whole.add(features);
            ChannelMoments parts = new ChannelMoments(3);
            parts.add(features.get(":, :, 0:4, 0:5"));
            parts.add(features.get(":, :, 0:4, 5:11"));
            parts.add(features.get(":, :, 4:9, :"));
            for (int c = 0; c < 3; c++) {
                assertThat(parts.mean()[c]).isCloseTo(whole.mean()[c], within(1e-5f));
                assertThat(parts.unbiasedVariance()[c]).isCloseTo(whole.unbiasedVariance()[c], within(1e-4f));
            }
        }
    }
}
