package dev.atelier.weights.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownWeightsTest {

    @Test
    void everyArtifactHasHttpsSourcesWithDistinctFileNamesKeepingTheUrlExtension() {
        assertThat(KnownWeights.all()).extracting(KnownWeights::id)
                .containsExactly("vgg19", "vgg16", "adain-encoder", "adain-decoder");
        for (KnownWeights weights : KnownWeights.all()) {
            assertThat(weights.approximateBytes()).isPositive();
            for (Source source : weights.sources()) {
                String path = source.url().getPath();
                assertThat(source.url().getScheme()).isEqualTo("https");
                assertThat(source.fileName()).endsWith(path.substring(path.lastIndexOf('.')));
            }
        }
    }

    @Test
    void vggHasAFullyVerifiedSafetensorsSourceFirstAndATorchvisionMirror() {
        for (KnownWeights vgg : List.of(KnownWeights.VGG19, KnownWeights.VGG16)) {
            assertThat(vgg.sources()).hasSize(2);
            Source first = vgg.sources().get(0);
            Source mirror = vgg.sources().get(1);
            assertThat(first.url().getHost()).isEqualTo("huggingface.co");
            assertThat(first.fileName()).endsWith(".safetensors");
            assertThat(first.sha256().isPrefixOnly()).isFalse();
            assertThat(mirror.url().getHost()).isEqualTo("download.pytorch.org");
            // torchvision names each file after the start of its digest.
            assertThat(mirror.url().getPath()).contains("-" + mirror.sha256().hex() + ".pth");
            assertThat(mirror.sha256().isPrefixOnly()).isTrue();
        }
    }

    @Test
    void lookupById() {
        assertThat(KnownWeights.byId("adain-decoder")).contains(KnownWeights.ADAIN_DECODER);
        assertThat(KnownWeights.byId("vgg11")).isEmpty();
    }

    @Test
    void sourcesOfOneArtifactMustNotShareACacheFile() {
        Source one = Source.of("https://example.org/a.pth", "model.pth", "0123abcd");
        Source other = Source.of("https://example.org/b.pth", "model.pth", "0123abcd");

        assertThatThrownBy(() -> new KnownWeights("model", List.of(one, other), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourceFileNameMustBeAPlainName() {
        assertThatThrownBy(() -> Source.of("https://example.org/a.pth", "../a.pth", "0123abcd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Source.of("https://example.org/a.pth", "a.pth.part", "0123abcd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Source.of("ftp://example.org/a.pth", "a.pth", "0123abcd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
