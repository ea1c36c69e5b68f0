package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import dev.atelier.nn.BackboneChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults that follow the backbone, and what the embedded network can and cannot do. */
class GatysOptionsTest {

    @Test
    void theEmbeddedNetworkTakesTheNormalisedDefaultsThatEndAtConv41() {
        GatysOptions options = GatysOptions.builder().optBackbone(BackboneChoice.EMBEDDED).build();
        assertThat(options.contentLayers()).containsExactly("conv4_1");
        assertThat(options.styleLayers()).containsOnlyKeys("conv1_1", "conv2_1", "conv3_1", "conv4_1");
        assertThat(options.deepestLayer()).isEqualTo("conv4_1");
        // auto keeps the documents' layers until it is known what it stands for.
        assertThat(GatysOptions.defaults().contentLayers()).containsExactly("conv4_2");
        assertThat(GatysOptions.defaults().styleLayers()).containsKey("conv5_1");
    }

    @Test
    void autoResolvedToTheEmbeddedNetworkTakesItsLayersAndKeepsEveryExplicitSetting() {
        GatysOptions chosen = GatysOptions.builder().optStyleWeight(3).optIterations(7).optContentWeight(2).build();
        GatysOptions resolved = chosen.resolved(BackboneChoice.EMBEDDED);
        assertThat(resolved.backbone()).isEqualTo(BackboneChoice.EMBEDDED);
        assertThat(resolved.contentLayers()).containsExactly("conv4_1");
        assertThat(resolved.styleLayers()).doesNotContainKey("conv5_1");
        assertThat(resolved.styleWeight()).isEqualTo(3);
        assertThat(resolved.iterations()).isEqualTo(7);
        assertThat(resolved.contentWeight()).isEqualTo(2);
        // Resolved to the full VGG-19, nothing changes but the name.
        assertThat(chosen.resolved(BackboneChoice.VGG19).contentLayers()).containsExactly("conv4_2");
        assertThat(chosen.resolved(BackboneChoice.AUTO)).isSameAs(chosen);
        // Explicit layers the embedded network has are kept.
        GatysOptions shallow = GatysOptions.builder().optContentLayers(List.of("conv3_1")).build()
                .resolved(BackboneChoice.EMBEDDED);
        assertThat(shallow.contentLayers()).containsExactly("conv3_1");
    }

    @Test
    void layersPastConv41OnTheEmbeddedNetworkAreRefusedNamingTheOptionAndTheWayOut() {
        assertThatThrownBy(() -> GatysOptions.builder().optStyleLayers(Map.of("conv1_1", 1.0, "conv5_1", 1.0))
                .build().resolved(BackboneChoice.EMBEDDED))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("style-layers:")
                .hasMessageContaining("ends at conv4_1, but conv5_1 was asked for")
                .hasMessageContaining("backbone vgg19");
        assertThatThrownBy(() -> GatysOptions.builder().optBackbone(BackboneChoice.EMBEDDED)
                .optContentLayers(List.of("relu4_2")).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("content-layers:")
                .hasMessageContaining("conv4_2 was asked for");
    }

    @Test
    void theEmbeddedNetworkTakesNoWeightsFile() {
        assertThatThrownBy(() -> GatysOptions.builder().optBackbone(BackboneChoice.EMBEDDED)
                .optWeights(Path.of("vgg.pth")).build())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("weights:")
                .hasMessageContaining("comes with Atelier");
    }
}
