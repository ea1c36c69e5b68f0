package dev.atelier.method.feedforward;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.testing.Fuzzing;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fast-style-transfer variable folder (the shared "wave" network) damaged in hostile ways. */
class TensorflowVariableFolderTest {
    @TempDir
    Path temporary;

    @Test
    void randomDamageToTheManifestIsBadInputWithinBounds() throws IOException {
        Path folder = copyOfWave();
        Path manifest = folder.resolve(TensorflowVariableFolder.MANIFEST);
        byte[] bytes = Files.readAllBytes(manifest);

        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Fuzzing.fuzz(bytes, manifest, 5, 200,
                damaged -> {
                    try {
                        TensorflowVariableFolder.read(folder);
                    } catch (BadInputException e) {
                        // Refusals name the manifest, the folder or one variable file: all one line.
                        if (!e.getMessage().startsWith(damaged + ": ")) {
                            assertThatThrownBy(() -> {
                                throw e;
                            }).hasMessageStartingWith(folder.toString()).hasMessageNotContaining("\n");
                            return;
                        }
                        throw e;
                    }
                }, 16, 64L << 20));
    }

    @Test
    void aVariableFileThatIsAPipeOrAHugeManifestIsRefused() throws IOException {
        Path folder = copyOfWave();
        Path variable = folder.resolve("Variable_3");
        Files.delete(variable);
        SpecialFiles.fifo(variable);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> TensorflowVariableFolder.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessage(variable + ": is a named pipe (FIFO), not a variable file (only regular files are read)"));

        Path manifest = folder.resolve(TensorflowVariableFolder.MANIFEST);
        Files.write(manifest, new byte[(int) TensorflowVariableFolder.MAXIMUM_MANIFEST_BYTES + 1]);
        assertThatThrownBy(() -> TensorflowVariableFolder.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(manifest + ": is " + (TensorflowVariableFolder.MAXIMUM_MANIFEST_BYTES + 1)
                        + " bytes; a manifest of 48 variables is a few kilobytes");
    }

    private Path copyOfWave() throws IOException {
        Path copy = Files.createDirectory(temporary.resolve("wave"));
        try (Stream<Path> files = Files.list(SharedFiles.network("wave"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }
}
