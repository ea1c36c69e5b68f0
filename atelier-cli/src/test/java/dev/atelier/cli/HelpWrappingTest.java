package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help wraps between words only: every word of every command's usage as written (rendered too wide
 * to wrap) appears whole in the usage as shown, at the width a pipe or a plain terminal gets (80) and at others.
 * Picocli once broke {@code (.pth or .safetensors)} as {@code (.pth or .} / {@code safetensors)}:
 * its line breaker allows a break after a dot.
 */
class HelpWrappingTest {
    /** A width at which nothing wraps: the text as written. */
    private static final int UNWRAPPED = 5000;

    @Test
    void noCommandsHelpBreaksAWord() {
        List<String> broken = new ArrayList<>();
        int words = 0;
        for (int width : new int[] {80, 100, 120, 60}) {
            for (CommandLine command : everyCommand(Main.commandLine())) {
                command.getCommandSpec().usageMessage().width(width);
                String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
                Map<String, Integer> rendered = counts(usage);
                command.getCommandSpec().usageMessage().width(UNWRAPPED);
                Map<String, Integer> described = counts(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
                for (Map.Entry<String, Integer> word : described.entrySet()) {
                    if (word.getKey().length() > width - 35) {
                        continue; // Longer than the description column: it has to be cut somewhere.
                    }
                    words++;
                    if (rendered.getOrDefault(word.getKey(), 0) < word.getValue()) {
                        broken.add(command.getCommandSpec().qualifiedName() + " at width " + width + ": '"
                                + word.getKey() + "'");
                    }
                }
                for (String[] pair : linePairs(usage)) {
                    if (pair[0].endsWith(".") && pair[1].trim().matches("[a-z]{2,}\\b.*")
                            && pair[0].matches(".*\\s\\.$")) {
                        broken.add(command.getCommandSpec().qualifiedName() + " at width " + width + ": '"
                                + pair[0].trim() + "' / '" + pair[1].trim() + "'");
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(words).as("words checked").isGreaterThan(2000);
    }

    @Test
    void theExampleFromTheIssueStaysWhole() {
        String help = CommandLineRun.of("stylize", "--help").out();

        assertThat(help.replaceAll("\\s+", " ")).contains("(.pth or .safetensors)")
                .contains("[--plot=FILE.png]").contains("[--report=FILE.json]");
    }

    @Test
    void magentasStyleSizeSaysWhatTheReadmeSays() throws IOException {
        OptionSpec option = Main.commandLine().getSubcommands().get("stylize").getCommandSpec()
                .findOption("--style-size");
        String help = String.join(" ", option.renderedDescription());
        String readme = Files.readString(readme()).replaceAll("\\s+", " ");

        assertThat(help).contains("short side before its centre square is read");
        assertThat(readme).contains("`--style-size` (the painting's short side before its centre square is read");
    }

    private static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("README.md"))) {
            here = here.getParent();
        }
        assertThat(here).as("the repository's README").isNotNull();
        return here.resolve("README.md");
    }

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!all.contains(sub)) {
                for (CommandLine nested : everyCommand(sub)) {
                    if (!all.contains(nested)) {
                        all.add(nested);
                    }
                }
            }
        }
        return all;
    }

    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static List<String[]> linePairs(String usage) {
        List<String> lines = usage.lines().toList();
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            pairs.add(new String[] {lines.get(i), lines.get(i + 1)});
        }
        return pairs;
    }
}
