package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.BadInputException;
import dev.atelier.testing.SpecialFiles;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFilesTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    @Test
    void acceptsRegularFilesAndLinksToThem() throws Exception {
        Path file = Files.writeString(folder.resolve("weights.pth"), "x");
        Path link = Files.createSymbolicLink(folder.resolve("link.pth"), file);

        assertThat(RegularFiles.require(file, "weights file")).isEqualTo(file);
        assertThat(RegularFiles.require(link, "weights file")).isEqualTo(link);
        assertThat(RegularFiles.requireFileOrFolder(folder, "model file or folder")).isEqualTo(folder);
    }

    @Test
    void refusesANamedPipeWithoutOpeningIt() {
        Path pipe = SpecialFiles.fifo(folder.resolve("model.pth"));

        // Opening a pipe nobody writes to blocks: the check must not open it.
        assertTimeoutPreemptively(PROMPTLY, () -> assertThatThrownBy(() -> RegularFiles.require(pipe, "decoder file"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(pipe + ": is a named pipe (FIFO), not a decoder file (only regular files are read)"));
        assertThatThrownBy(() -> RegularFiles.requireFileOrFolder(pipe, "model file or folder"))
                .hasMessage(pipe + ": is a named pipe (FIFO), not a model file or folder (only regular files are read)");
        assertThat(RegularFiles.isSpecial(pipe)).isTrue();
    }

    @Test
    void refusesEndlessDevices() {
        for (Path device : new Path[] {SpecialFiles.ZERO, SpecialFiles.RANDOM}) {
            assertThatThrownBy(() -> RegularFiles.require(device, "transformer file"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(device + ": is a character device, not a transformer file (only regular files are read)");
        }
    }

    @Test
    void refusesASocket() throws Exception {
        Path address = folder.resolve("model.sock");
        try (ServerSocketChannel socket = SpecialFiles.socket(address)) {
            assertThatThrownBy(() -> RegularFiles.require(address, "weights file"))
                    .hasMessage(address + ": is a socket, not a weights file (only regular files are read)");
        }
    }

    @Test
    void refusesFoldersAndMissingFilesInOneLine() {
        assertThatThrownBy(() -> RegularFiles.require(folder, "weights file"))
                .hasMessage(folder + ": is a folder, not a weights file");
        Path missing = folder.resolve("missing.pth");
        assertThatThrownBy(() -> RegularFiles.require(missing, "weights file")).hasMessage(missing + ": no such file");
        assertThat(RegularFiles.isSpecial(missing)).isFalse();
    }
}
