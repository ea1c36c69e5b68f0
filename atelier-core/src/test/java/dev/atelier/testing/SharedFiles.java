package dev.atelier.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared test material ({@code ../shared} beside the checkout): real published
 * networks, photos and paintings, read at run time and never committed.
 */
public final class SharedFiles {
    /** Google's distilled Magenta networks (see the folder's PROVENANCE.md). */
    public static final String MAGENTA = "magenta-arbitrary-tflite";
    public static final String MAGENTA_PREDICTOR = "style_predict_quantized_256.tflite";
    public static final String MAGENTA_TRANSFORMER_F16 = "style_transfer_f16_384.tflite";
    public static final String MAGENTA_TRANSFORMER_INT8 = "style_transfer_quantized_384.tflite";

    /** The six lengstrom/fast-style-transfer networks. */
    public static final String[] NETWORKS = {"la_muse", "rain_princess", "scream", "udnie", "wave", "wreck"};

    private SharedFiles() {}

    /**
     * The checkout's top folder (the one holding {@code atelier-core}), wherever a module's tests run
     * from.
     */
    public static Path projectRoot() {
        Path folder = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path at = folder; at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("atelier-core")) && Files.isRegularFile(at.resolve("pom.xml"))) {
                return at;
            }
        }
        throw new IllegalStateException("no Atelier checkout above " + folder);
    }

    public static Path root() {
        Path shared = projectRoot().resolve("..").resolve("shared").normalize();
        if (!Files.isDirectory(shared.resolve("models"))) {
            throw new IllegalStateException("these tests read the shared models and images at " + shared);
        }
        return shared;
    }

    /** A file of a model folder, e.g. {@code model(MAGENTA, MAGENTA_PREDICTOR)}. */
    public static Path model(String folder, String file) {
        return root().resolve("models").resolve(folder).resolve(file);
    }

    /** Gatys et al.'s normalised VGG-19 up to relu4_1 (the AdaIN release's encoder), float16, pytorch-AdaIN keys. */
    public static Path normalisedVgg19() {
        return model("adain-release-q8", "vgg_normalised_relu4_1.safetensors");
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
