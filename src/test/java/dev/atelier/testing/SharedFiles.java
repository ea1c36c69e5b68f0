package dev.atelier.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared test material ({@code ../shared} beside the checkout): real published
 * networks, photos and paintings, read at run time and never committed.
 */
public final class SharedFiles {
    /** The six lengstrom/fast-style-transfer networks. */
    public static final String[] NETWORKS = {"la_muse", "rain_princess", "scream", "udnie", "wave", "wreck"};

    private SharedFiles() {}

    public static Path root() {
        Path shared = Path.of(System.getProperty("user.dir")).resolve("..").resolve("shared").normalize();
        if (!Files.isDirectory(shared.resolve("models"))) {
            throw new IllegalStateException("these tests read the shared models and images at " + shared);
        }
        return shared;
    }

    public static Path network(String name) {
        return root().resolve("models").resolve("fast-style-tf").resolve(name);
    }

    public static Path content(String name) {
        return root().resolve("images").resolve("content").resolve(name);
    }

    public static Path style(String name) {
        return root().resolve("images").resolve("style").resolve(name);
    }
}
