package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.UnavailableException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path folder;

    @Test
    void writesTheContentAndLeavesNothingElse() throws Exception {
        Path target = folder.resolve("report.json");

        AtomicFiles.write(target, output -> output.write("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("{}");
        assertThat(filesIn(folder)).containsExactly("report.json");
    }

    @Test
    void aWriterMayCloseTheStream() throws Exception {
        Path target = folder.resolve("report.json");

        AtomicFiles.write(target, output -> {
            try (Writer writer = new OutputStreamWriter(output, StandardCharsets.UTF_8)) {
                writer.write("{\"done\": true}");
            }
        });

        assertThat(target).hasContent("{\"done\": true}");
    }

    @Test
    void theTargetAppearsOnlyOnceComplete() throws Exception {
        Path target = folder.resolve("model.bin");
        List<String> seenWhileWriting = new ArrayList<>();

        AtomicFiles.write(target, output -> {
            output.write(new byte[100_000]);
            output.flush();
            seenWhileWriting.addAll(filesIn(folder));
        });

        assertThat(seenWhileWriting).singleElement().asString().startsWith(".model.bin.tmp-");
        assertThat(Files.size(target)).isEqualTo(100_000);
        assertThat(filesIn(folder)).containsExactly("model.bin");
    }

    @Test
    void aFailingWriterLeavesNoFile() throws Exception {
        Path target = folder.resolve("out.png");

        assertThatThrownBy(() -> AtomicFiles.write(target, output -> {
            output.write(1);
            throw new IOException("disk full");
        })).isInstanceOf(UnavailableException.class).hasMessage(target + ": cannot write file (disk full)");

        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void aFailedWriteKeepsThePreviousFile() throws Exception {
        Path target = folder.resolve("result.png");
        Files.writeString(target, "previous");

        assertThatThrownBy(() -> AtomicFiles.write(target, output -> {
            output.write(new byte[10]);
            throw new IllegalStateException("encoder bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("encoder bug");

        assertThat(target).hasContent("previous");
        assertThat(filesIn(folder)).containsExactly("result.png");
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        Path target = folder.resolve("result.txt");
        Files.writeString(target, "old and longer");

        AtomicFiles.write(target, output -> output.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("new");
    }

    @Test
    void missingOutputFolderIsReportedWithoutCreatingAnything() throws Exception {
        Path target = folder.resolve("out").resolve("x.png");

        assertThatThrownBy(() -> AtomicFiles.write(target, output -> output.write(1)))
                .isInstanceOf(UnavailableException.class)
                .hasMessage(target + ": output folder '" + folder.resolve("out") + "' does not exist");
        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void refusesToReplaceAFolder() throws Exception {
        Path target = Files.createDirectory(folder.resolve("result.png"));

        assertThatThrownBy(() -> AtomicFiles.write(target, output -> output.write(1)))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith(target + ": is a folder");
        assertThat(target).isDirectory();
    }

    static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
