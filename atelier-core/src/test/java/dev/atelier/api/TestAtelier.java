package dev.atelier.api;

import dev.atelier.models.ModelStore;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** An entry point for tests: its own cache, and no public model homes, so nothing reaches beyond 127.0.0.1. */
final class TestAtelier {
    private TestAtelier() {}

    static Atelier in(Path home) {
        return new Atelier(store(home, null));
    }

    static ModelStore store(Path home, URI mirror) {
        return new ModelStore(new WeightsCache(home), new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                1, Duration.ofMillis(10), Duration.ofSeconds(5)), mirror, false);
    }
}
