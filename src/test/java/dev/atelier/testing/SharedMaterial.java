package dev.atelier.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared material ({@code ../shared} beside the checkout): real published weights,
 * photos and paintings, read at run time and never committed.
 */
public final class SharedMaterial {
    private SharedMaterial() {}

    public static Path root() {
        Path shared = Path.of(System.getProperty("user.dir")).resolve("..").resolve("shared").normalize();
        if (!Files.isDirectory(shared.resolve("models"))) {
            throw new IllegalStateException("these tests read the shared models and images at " + shared);
        }
        return shared;
    }

    /** Gatys et al.'s normalised VGG-19 up to relu4_1, float16, pytorch-AdaIN keys. */
    public static Path normalisedVgg19() {
        return root().resolve("models").resolve("adain-release-q8").resolve("vgg_normalised_relu4_1.safetensors");
    }

    public static Path content(String name) {
        return root().resolve("images").resolve("content").resolve(name);
    }

    public static Path style(String name) {
        return root().resolve("images").resolve("style").resolve(name);
    }
}
