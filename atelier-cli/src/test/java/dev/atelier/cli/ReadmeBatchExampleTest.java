package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's batch example: its first command uses a method that finishes in a minute (the
 * optimisation is shown as the long one), the text says how long each takes and what Ctrl-C keeps,
 * and every command there parses as written.
 */
class ReadmeBatchExampleTest {

    private static String section() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("README.md"))) {
            here = here.getParent();
        }
        assertThat(here).as("the repository's README").isNotNull();
        String readme = Files.readString(here.resolve("README.md"));
        int start = readme.indexOf("## `atelier batch`");
        assertThat(start).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end);
    }

    private static List<String> commands(String section) {
        List<String> commands = new ArrayList<>();
        for (String line : section.lines().toList()) {
            if (line.startsWith("./atelier batch ")) {
                int comment = line.indexOf(" #");
                commands.add((comment < 0 ? line : line.substring(0, comment)).trim());
            }
        }
        return commands;
    }

    @Test
    void theFirstBatchIsFastAndTheOptimisationIsShownAsTheLongOne() throws IOException {
        String section = section();
        List<String> commands = commands(section);

        assertThat(commands).isNotEmpty();
        assertThat(commands.get(0)).contains("--content examples/photos").contains("--style examples/paintings")
                .containsPattern("--method (magenta|adain|feedforward)");
        String text = section.replaceAll("\\s+", " ");
        assertThat(section).containsPattern("--output \\S+ --size 256 +# optimisation: the long one");
        assertThat(text).contains("How long.").containsPattern("\\d+ s from the command to the contact sheet")
                .contains("Ctrl-C loses at most the last 50 iterations of the pair");
    }

    @Test
    void everyBatchCommandThereParses() throws IOException {
        for (String command : commands(section())) {
            String[] words = command.substring("./atelier ".length()).split(" +");
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(words);
            assertThat(parsed.subcommand().commandSpec().name()).as(Arrays.toString(words)).isEqualTo("batch");
        }
    }
}
