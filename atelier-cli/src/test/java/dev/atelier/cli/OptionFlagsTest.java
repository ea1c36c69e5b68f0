package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.api.Methods;
import dev.atelier.method.StyleMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code --help} shows comes from the registry and the options' own schemas. */
class OptionFlagsTest {

    @ParameterizedTest
    @ValueSource(strings = {"stylize", "batch"})
    void helpListsEveryRegisteredMethod(String command) {
        CommandLineRun run = CommandLineRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        String help = run.out().replaceAll("\\s+", " ");
        for (StyleMethod<?, ?> method : Methods.all()) {
            assertThat(help).contains(method.name() + ": " + method.description().replaceAll("\\s+", " "));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylize", "batch"})
    void defaultsThatMentionAnotherOptionNameItsFlag(String command) {
        String help = CommandLineRun.of(command, "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("Default: 1 (1e6 with --loss-scaling documents)");
        assertThat(help).doesNotContain("{loss-scaling}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylize", "batch"})
    void aChoiceThatMayStandAloneSaysWhatItMeansAlone(String command) {
        String help = CommandLineRun.of(command, "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("--preserve-color[=MODE]");
        assertThat(help).contains("One of none, luminance, histogram. Alone: luminance. Default: none.");
    }
}
