package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pictures in {@code examples/} that the README's first command and the benches use: each one
 * credited in {@code examples/CREDITS.md} with its source and licence and each credited one present,
 * each a picture Atelier reads, and all of them small, so that the repository stays small.
 */
class ExamplePicturesTest {
    /** A table row of CREDITS.md starts with the file's path in backquotes. */
    private static final Pattern CREDITED = Pattern.compile("^\\| `([^`]+)` \\|(.*)$");
    private static final long MAXIMUM_FILE_BYTES = 150_000;
    private static final long MAXIMUM_TOTAL_BYTES = 1_000_000;
    private static final int MAXIMUM_SIDE = 512;

    private static Path examples() {
        return SharedFiles.projectRoot().resolve("examples");
    }

    private static List<String> credited() throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(examples().resolve("CREDITS.md"), StandardCharsets.UTF_8)) {
            Matcher row = CREDITED.matcher(line);
            if (row.matches()) {
                files.add(row.group(1));
                // Every row names a licence and the path of the file inside its Debian package.
                assertThat(row.group(2)).as(row.group(1)).containsAnyOf("public domain", "CC0", "CC BY")
                        .contains("/usr/").doesNotContain("../shared");
            }
        }
        return files;
    }

    private static List<String> present() throws IOException {
        try (Stream<Path> walk = Files.walk(examples())) {
            return walk.filter(Files::isRegularFile).map(file -> examples().relativize(file).toString()
                    .replace('\\', '/')).filter(name -> !name.equals("CREDITS.md")).sorted().toList();
        }
    }

    @Test
    void everyPictureIsCreditedAndEveryCreditedPictureIsThere() throws IOException {
        List<String> credited = credited();
        assertThat(credited).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
        assertThat(present()).containsExactlyInAnyOrderElementsOf(credited);
        assertThat(credited).anyMatch(name -> name.startsWith("photos/"))
                .anyMatch(name -> name.startsWith("paintings/"));
    }

    @Test
    void everyPictureReadsAndIsSmall() throws IOException {
        ImageLoader loader = new ImageLoader();
        long total = 0;
        for (String name : present()) {
            Path file = examples().resolve(name);
            long bytes = Files.size(file);
            total += bytes;
            assertThat(bytes).as(name).isLessThanOrEqualTo(MAXIMUM_FILE_BYTES);
            RgbImage picture = loader.read(file);
            assertThat(Math.max(picture.width(), picture.height())).as(name).isLessThanOrEqualTo(MAXIMUM_SIDE)
                    .isGreaterThanOrEqualTo(256);
        }
        assertThat(total).isLessThan(MAXIMUM_TOTAL_BYTES);
        // With the embedded network, what a clone carries for a first run stays well under 10 MB.
        Path network = SharedFiles.projectRoot().resolve(
                "atelier-core/src/main/resources/dev/atelier/nn/vgg19-normalised-relu4_1.q8.safetensors");
        assertThat(total + Files.size(network)).isLessThan(10_000_000);
    }
}
