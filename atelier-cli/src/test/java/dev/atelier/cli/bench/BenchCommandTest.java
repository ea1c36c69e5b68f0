package dev.atelier.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Test;

/** The benches run on a fresh clone: their default pictures are the repository's examples. */
class BenchCommandTest {

    @Test
    void noDefaultReachesOutsideTheCheckoutAndEveryDefaultPictureIsAnExample() {
        CommandLine bench = new CommandLine(new BenchCommand());
        List<String> pictures = new ArrayList<>();
        for (CommandLine sub : bench.getSubcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                String value = option.defaultValue();
                if (value == null) {
                    continue;
                }
                assertThat(value).as("%s %s", sub.getCommandName(), option.longestName()).doesNotContain("shared")
                        .doesNotStartWith("..");
                String lower = value.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".jpg") || lower.endsWith(".png")) {
                    pictures.add(value);
                }
            }
        }
        assertThat(pictures).isNotEmpty().allSatisfy(picture -> {
            assertThat(picture).startsWith("examples/");
            assertThat(Files.isRegularFile(SharedFiles.projectRoot().resolve(Path.of(picture)))).as(picture).isTrue();
        });
    }
}
