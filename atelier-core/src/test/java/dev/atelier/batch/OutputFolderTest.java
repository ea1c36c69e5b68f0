package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time in an output folder, and nothing of the lock left once it is done. */
class OutputFolderTest {
    @TempDir
    Path folder;

    @Test
    void theLockFileExistsOnlyWhileTheFolderIsHeld() {
        Path output = folder.resolve("gallery");
        try (OutputFolder held = OutputFolder.open(output)) {
            assertThat(output.resolve(OutputFolder.LOCK_FILE)).isRegularFile();
            assertThatThrownBy(() -> OutputFolder.open(output)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("another batch");
        }
        assertThat(output.resolve(OutputFolder.LOCK_FILE)).doesNotExist();
        // Held again after, and released again.
        try (OutputFolder again = OutputFolder.open(output)) {
            assertThat(output.resolve(OutputFolder.LOCK_FILE)).isRegularFile();
        }
        assertThat(output).isEmptyDirectory();
    }

    @Test
    void aLockFileLeftByAKilledRunDoesNotBlockAndIsRemovedAtTheEnd() throws IOException {
        Path output = Files.createDirectories(folder.resolve("gallery"));
        Files.writeString(output.resolve(OutputFolder.LOCK_FILE), "4242-00000000deadbeef");
        Files.writeString(output.resolve(".a.png.tmp-0123456789abcdef"), "half a picture");
        try (OutputFolder held = OutputFolder.open(output)) {
            assertThat(Files.readString(output.resolve(OutputFolder.LOCK_FILE))).isNotEqualTo("4242-00000000deadbeef");
        }
        assertThat(output).isEmptyDirectory();
    }

    @Test
    void aHolderWhoseLockFileWasReplacedDoesNotRemoveTheNewOne() throws IOException {
        Path output = folder.resolve("gallery");
        OutputFolder first = OutputFolder.open(output);
        // As if the file had been removed and another run had created and locked its own.
        Path lockFile = output.resolve(OutputFolder.LOCK_FILE);
        Files.delete(lockFile);
        Files.writeString(lockFile, "other-run-token");
        first.close();
        assertThat(lockFile).hasContent("other-run-token");
    }
}
