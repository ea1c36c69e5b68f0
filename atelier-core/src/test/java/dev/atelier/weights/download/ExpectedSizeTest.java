package dev.atelier.weights.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ExpectedSizeTest {
    @Test
    void limitsAreTheExactSizeOrTheRoundedOneWithItsMargin() {
        assertThat(ExpectedSize.exactly(421_104).limit()).isEqualTo(421_104);
        // 10 % of 575 MB is more than 1 MiB.
        assertThat(ExpectedSize.about(575_000_000).limit()).isEqualTo(632_500_000);
        // 10 % of 2 MB is less than 1 MiB: the margin is 1 MiB.
        assertThat(ExpectedSize.about(2_000_000).limit()).isEqualTo(2_000_000 + 1_048_576);
        assertThat(ExpectedSize.unknown().limit()).isEqualTo(8L << 30);
        assertThat(ExpectedSize.about(0)).isEqualTo(ExpectedSize.unknown());
        assertThatThrownBy(() -> ExpectedSize.exactly(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMirrorCopyKeepsItsSize() {
        Source source = new Source(URI.create("https://example.org/a.tflite"), "a.tflite",
                new ExpectedSha256("0123abcd"), ExpectedSize.exactly(100));
        assertThat(source.at(URI.create("https://mirror.example.org/a.tflite")).size())
                .isEqualTo(ExpectedSize.exactly(100));
        assertThat(new Source(URI.create("https://example.org/b.pth"), "b.pth", ExpectedSha256.unpublished()).size())
                .isEqualTo(ExpectedSize.unknown());
    }
}
