package dev.atelier.weights.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectedSha256Test {
    private static final String DIGEST = DownloaderTest.sha256(DownloaderTest.content(3));
    private static final String OTHER_DIGEST = DownloaderTest.sha256(DownloaderTest.content(4));

    @Test
    void fullDigestMatchesOnlyItself() {
        ExpectedSha256 expected = new ExpectedSha256(DIGEST);

        assertThat(expected.isPrefixOnly()).isFalse();
        assertThat(expected.matches(DIGEST)).isTrue();
        assertThat(expected.matches(OTHER_DIGEST)).isFalse();
    }

    @Test
    void prefixMatchesDigestsStartingWithIt() {
        ExpectedSha256 expected = new ExpectedSha256(DIGEST.substring(0, 8));

        assertThat(expected.isPrefixOnly()).isTrue();
        assertThat(expected.matches(DIGEST)).isTrue();
        assertThat(expected.matches(OTHER_DIGEST)).isFalse();
    }

    @Test
    void upperCaseIsAccepted() {
        assertThat(new ExpectedSha256(DIGEST.toUpperCase()).matches(DIGEST)).isTrue();
    }

    @Test
    void tooShortOrNonHexIsRejected() {
        assertThatThrownBy(() -> new ExpectedSha256("dcbb9e9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExpectedSha256("dcbb9e9g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExpectedSha256(DIGEST + "0")).isInstanceOf(IllegalArgumentException.class);
    }
}
