package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier batch --shard K/N} on several machines sharing a folder, then {@code --merge}. */
class BatchShardCommandTest {
    @TempDir
    Path folder;

    @Test
    void twoSlicesAndAMergeMakeTheWholeBatch() throws IOException {
        Path photos = Files.createDirectories(folder.resolve("photos"));
        TestFiles.photo(photos, "a.png", 40, 32, 1);
        TestFiles.photo(photos, "b.png", 32, 40, 2);
        Path first = TestFiles.feedForwardModel(folder, "wave.safetensors", 3);
        Path second = TestFiles.feedForwardModel(folder, "udnie.safetensors", 4);
        Path output = folder.resolve("out");
        String[] inputs = {"batch", "--content", photos.toString(), "--model", first.toString(), second.toString(),
            "-o", output.toString(), "--quiet"};

        CommandLineRun one = CommandLineRun.of(with(inputs, "--shard", "1/2"));
        CommandLineRun two = CommandLineRun.of(with(inputs, "--shard", "2/2"));
        CommandLineRun merged = CommandLineRun.of(with(inputs, "--merge"));

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(output.resolve("manifest-shard-1-of-2.json")).exists();
        assertThat(output.resolve("manifest-shard-2-of-2.json")).exists();
        assertThat(TestFiles.report(output.resolve("manifest.json")).getAsJsonObject("counts").get("done").getAsInt())
                .isEqualTo(4);
        assertThat(output.resolve("index.html")).exists();
    }

    @Test
    void aBadSliceAndSparkWithoutItsJarsAreUsageErrors() {
        CommandLineRun slice = CommandLineRun.of("batch", "--content", "x.png", "--model", "candy", "-o",
                folder.resolve("out").toString(), "--shard", "3/2");
        CommandLineRun spark = CommandLineRun.of("batch", "--content", "x.png", "--model", "candy", "-o",
                folder.resolve("out").toString(), "--spark", "local[2]");

        assertThat(slice.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(slice.errorLines()).singleElement().asString().contains("--shard");
        assertThat(spark.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(spark.errorLines()).singleElement().asString().contains("--spark").contains("./atelier");
    }

    private static String[] with(String[] arguments, String... more) {
        String[] all = new String[arguments.length + more.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(more, 0, all, arguments.length, more.length);
        return all;
    }
}
