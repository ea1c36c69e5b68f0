package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.api.Methods;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.TrainingInput;
import dev.atelier.method.TrainingMethod;
import dev.atelier.options.OptionInfo;
import org.junit.jupiter.api.Test;
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

    /** Each training the registry knows has a command, under the names users know: train and train-adain. */
    @Test
    void everyTrainingHasACommandWithItsInputsAndOptions() {
        assertThat(Methods.training()).extracting(TrainCommand::commandName).containsExactly("train", "train-adain");
        for (TrainingMethod<?> training : Methods.training()) {
            CommandLineRun run = CommandLineRun.of(TrainCommand.commandName(training), "--help");

            assertThat(run.exitCode()).isZero();
            String help = run.out().replaceAll("\\s+", " ");
            assertThat(help).contains(training.description().substring(1).replaceAll("\\s+", " "));
            for (TrainingInput input : training.inputs()) {
                assertThat(help).contains("--" + input.role());
            }
            for (OptionInfo option : training.options().describe()) {
                assertThat(help).contains("--" + option.key());
            }
            assertThat(help).contains("--max-pixels", "--quiet", "--report", "--plot", "--resume");
        }
    }

    @Test
    void theTopLevelHelpListsTheTrainings() {
        String help = CommandLineRun.of("--help").out();

        assertThat(help).contains("train", "train-adain", "stylize", "batch");
    }
}
