package dev.atelier.weights.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownWeightsTest {

    @Test
    void sourcesMayShareACacheFileOnlyWhenTheyAreTheSameFile() {
        Source one = Source.of("https://example.org/a.pth", "model.pth", "0123abcd");
        Source mirror = Source.of("https://mirror.example.org/model.pth", "model.pth", "0123abcd");
        Source other = Source.of("https://example.org/b.pth", "model.pth", "4567abcd");

        assertThat(new KnownWeights("model", List.of(one, mirror), 0).sources()).hasSize(2);
        assertThatThrownBy(() -> new KnownWeights("model", List.of(one, other), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMirrorIsTriedFirstForEveryFileUnderTheFilesCacheName() {
        KnownWeights weights = new KnownWeights("vgg", List.of(
                Source.of("https://a.example.org/x/model.safetensors?download=1", "vgg.safetensors", "0123abcd"),
                Source.of("https://b.example.org/vgg-0123.pth", "vgg-0123.pth", "89abcdef")), 10);

        KnownWeights mirrored = weights.mirroredAt(URI.create("http://127.0.0.1:8000/models"));

        assertThat(mirrored.sources()).extracting(source -> source.url().toString()).containsExactly(
                "http://127.0.0.1:8000/models/vgg.safetensors", "http://127.0.0.1:8000/models/vgg-0123.pth",
                "https://a.example.org/x/model.safetensors?download=1", "https://b.example.org/vgg-0123.pth");
        assertThat(mirrored.sources().get(0).sha256()).isEqualTo(weights.sources().get(0).sha256());
        assertThat(mirrored.sources().get(1).fileName()).isEqualTo("vgg-0123.pth");
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

    @Test
    void anUnpublishedDigestIsNotAPrefixAndCannotBeMatchedDirectly() {
        Source source = Source.of("https://example.org/a.zip", "a.zip", null);

        assertThat(source.sha256().isPublished()).isFalse();
        assertThat(source.sha256().isPrefixOnly()).isFalse();
        assertThatThrownBy(() -> source.sha256().matches("00".repeat(32))).isInstanceOf(IllegalStateException.class);
    }
}
