package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace's place is checked before any work, and an existing file is never overwritten. */
class OperatorsBenchTest {
    @TempDir
    Path folder;

    private OperatorsBench bench(Path trace) {
        OperatorsBench bench = new OperatorsBench();
        bench.method = "magenta";
        bench.size = "64x48";
        bench.runs = 1;
        bench.warmup = 0;
        bench.top = 5;
        bench.trace = trace;
        return bench;
    }

    @Test
    void anExistingTraceIsRefusedAndLeftAsItWas() throws Exception {
        Path trace = Files.writeString(folder.resolve("t.json"), "mine");
        assertThatThrownBy(() -> bench(trace).call()).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("exists already");
        assertThat(Files.readString(trace)).isEqualTo("mine");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(trace);
        }
    }

    @Test
    void aTraceInAFolderThatIsNotThereIsRefused() {
        assertThatThrownBy(() -> bench(folder.resolve("missing/t.json")).call())
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("not a writable folder");
    }
}
