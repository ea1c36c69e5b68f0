package dev.atelier.method.feedforward;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.testing.Fuzzing;
import dev.atelier.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atelier's own model files, damaged: their header, metadata and weights are input like any other. */
class ModelFileTest {
    @TempDir
    Path folder;

    @Test
    void randomDamageIsBadInputWithinBounds() throws Exception {
        byte[] bytes = Files.readAllBytes(TestFiles.feedForwardModel(folder, "candy.model", 5));
        Path file = folder.resolve("damaged.model");

        assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> Fuzzing.fuzz(bytes, file, 13, 50, FeedForwardModels::read, 8, 32L << 20));
    }
}
