package dev.atelier.weights.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCacheTest {
    private static final byte[] CONTENT = DownloaderTest.content(7);
    private static final Source SAFETENSORS = new Source(URI.create("https://example.org/model.safetensors"),
            "model.safetensors", new ExpectedSha256(DownloaderTest.sha256(CONTENT)));
    private static final Source PICKLE = new Source(URI.create("https://example.org/model.pth"), "model.pth",
            new ExpectedSha256(DownloaderTest.sha256(CONTENT).substring(0, 8)));
    private static final KnownWeights WEIGHTS = new KnownWeights("model", List.of(SAFETENSORS, PICKLE), 0);

    @TempDir
    Path home;

    @Test
    void rootComesFromAtelierHome() {
        WeightsCache cache = WeightsCache.fromEnvironment(Map.of("ATELIER_HOME", home.toString()), Path.of("/nobody"));

        assertThat(cache.root()).isEqualTo(home);
        assertThat(cache.directory()).isEqualTo(home.resolve("weights"));
        assertThat(cache.fileFor(PICKLE)).isEqualTo(home.resolve("weights").resolve("model.pth"));
    }

    @Test
    void rootDefaultsToDotAtelierInTheHomeFolder() {
        Path userHome = home.resolve("user");

        assertThat(WeightsCache.fromEnvironment(Map.of(), userHome).root()).isEqualTo(userHome.resolve(".atelier"));
        assertThat(WeightsCache.fromEnvironment(Map.of("ATELIER_HOME", " "), userHome).root())
                .isEqualTo(userHome.resolve(".atelier"));
    }

    @Test
    void nothingIsFoundInAnEmptyCache() {
        assertThat(new WeightsCache(home).find(WEIGHTS)).isEmpty();
    }

    @Test
    void filePlacedByHandIsVerifiedOnceAndMarked() throws IOException {
        WeightsCache cache = new WeightsCache(home);
        Path file = place(cache, SAFETENSORS, CONTENT);

        assertThat(cache.find(WEIGHTS)).contains(file);
        assertThat(VerificationMarker.pathFor(file)).content().startsWith(DownloaderTest.sha256(CONTENT));
    }

    @Test
    void wrongFileIsNotFoundAndNotMarked() throws IOException {
        WeightsCache cache = new WeightsCache(home);
        Path file = place(cache, SAFETENSORS, DownloaderTest.content(8));

        assertThat(cache.find(WEIGHTS)).isEmpty();
        assertThat(VerificationMarker.pathFor(file)).doesNotExist();
    }

    @Test
    void laterSourceIsFoundWhenOnlyItsFileIsCached() throws IOException {
        WeightsCache cache = new WeightsCache(home);
        Path file = place(cache, PICKLE, CONTENT);

        assertThat(cache.find(WEIGHTS)).contains(file);
    }

    @Test
    void markedFileIsTrustedWithoutHashingItAgain() throws IOException {
        WeightsCache cache = new WeightsCache(home);
        Path file = place(cache, SAFETENSORS, CONTENT);
        cache.find(WEIGHTS);
        // Same size, different bytes: only a re-hash could tell, and the marker exists to avoid one.
        Files.write(file, DownloaderTest.content(9));

        assertThat(cache.find(WEIGHTS)).contains(file);
    }

    @Test
    void markedFileWhoseSizeChangedIsCheckedAgain() throws IOException {
        WeightsCache cache = new WeightsCache(home);
        Path file = place(cache, SAFETENSORS, CONTENT);
        cache.find(WEIGHTS);
        Files.write(file, Arrays.copyOf(CONTENT, CONTENT.length / 2));

        assertThat(cache.find(WEIGHTS)).isEmpty();
    }

    private static Path place(WeightsCache cache, Source source, byte[] bytes) throws IOException {
        Files.createDirectories(cache.directory());
        return Files.write(cache.fileFor(source), bytes);
    }
}
