package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.nn.Backbone;
import dev.atelier.testing.TestBackbones;
import dev.atelier.testing.TestPictures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A painting's Gram matrices summed over tiles agree with the whole painting's. */
class StyleTargetsTest {

    @Test
    void gramMatricesAccumulatedOverTilesMatchTheWholePaintings() {
        List<String> layers = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");
        try (NDManager manager = NDManager.newBaseManager();
                Backbone backbone = TestBackbones.randomVgg19("conv5_1", 4, manager)) {
            var painting = TestPictures.painting(200, 150, 5);
            Map<String, NDArray> whole = StyleTargets.of(backbone.network(), painting, layers, 256, manager);
            Map<String, NDArray> tiled = StyleTargets.of(backbone.network(), painting, layers, 128, manager);
            for (String layer : layers) {
                double difference = tiled.get(layer).sub(whole.get(layer)).norm().getFloat()
                        / whole.get(layer).norm().getFloat();
                // Up to conv4_1 each feature cell reads at most 30 px around it, within the 32 px of
                // context a 128-px tile gets: exact but for rounding. conv5_1 reads 70 px.
                double tolerance = layer.equals("conv5_1") ? 0.05 : 1e-4;
                assertThat(difference).as("relative difference at %s", layer).isLessThan(tolerance);
            }
        }
    }
}
