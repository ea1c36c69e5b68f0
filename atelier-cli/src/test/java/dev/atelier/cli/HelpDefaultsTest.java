package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.api.Methods;
import dev.atelier.batch.BatchOptions;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.TrainingMethod;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help shows the defaults a run uses, for every command and option: the schema-made flags' against
 * the schemas' own defaults (a newcomer once started a 138-hour training believing {@code train --help}'s
 * "steps 1"), and every other flag with a default says it.
 */
class HelpDefaultsTest {
    private static final Pattern DEFAULT = Pattern.compile("Default: (.*?)\\.(?: For [^.]*\\.)?$");

    /** The schemas each command's flags come from, by owner, as the commands declare them. */
    private static Map<String, Map<String, OptionSchema<?, ?>>> schemasByCommand() {
        Map<String, OptionSchema<?, ?>> methods = new LinkedHashMap<>();
        for (StyleMethod<?, ?> method : Methods.all()) {
            methods.put(method.name(), method.options());
        }
        Map<String, OptionSchema<?, ?>> batch = new LinkedHashMap<>();
        batch.put("batch", BatchOptions.SCHEMA);
        batch.putAll(methods);
        Map<String, Map<String, OptionSchema<?, ?>>> commands = new LinkedHashMap<>();
        commands.put("stylize", methods);
        commands.put("batch", batch);
        for (TrainingMethod<?> training : Methods.training()) {
            commands.put(TrainCommand.commandName(training), Map.of(training.name(), training.options()));
        }
        return commands;
    }

    @Test
    void everySchemaFlagShowsTheDefaultARunUses() {
        CommandLine main = Main.commandLine();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, OptionSchema<?, ?>>> command : schemasByCommand().entrySet()) {
            CommandSpec spec = main.getSubcommands().get(command.getKey()).getCommandSpec();
            Map<String, Map<String, String>> realByKey = new LinkedHashMap<>();
            command.getValue().forEach((owner, schema) -> realDefaults(schema).forEach((key, real) ->
                    realByKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(owner, real)));
            for (Map.Entry<String, Map<String, String>> key : realByKey.entrySet()) {
                OptionSpec option = spec.findOption("--" + key.getKey());
                assertThat(option).as(command.getKey() + " --" + key.getKey()).isNotNull();
                String description = String.join(" ", option.renderedDescription());
                checked++;
                if (!showsDefaults(description, key.getValue())) {
                    wrong.add(command.getKey() + " --" + key.getKey() + ": runs with " + key.getValue() + ", help says '"
                            + description + "'");
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).as("flags checked").isGreaterThan(80);
    }

    @Test
    void trainingHelpShowsTheLengthOfARun() {
        String help = CommandLineRun.of("train", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("Training steps in all (may grow when resuming). Default: 40000.");
        assertThat(help).contains("Training examples per step. Default: 4.");
        assertThat(help).contains("Side of the square training crops. Default: 256.");
        assertThat(help).doesNotContain("Default: 1.");
    }

    @Test
    void everyOtherFlagWithADefaultSaysIt() {
        List<String> silent = new ArrayList<>();
        visit(Main.commandLine(), silent);
        assertThat(silent).isEmpty();
    }

    private static void visit(CommandLine command, List<String> silent) {
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String shown = defaultOf(option);
            if (shown == null) {
                continue;
            }
            String description = String.join(" ", option.renderedDescription());
            boolean saysIt = description.contains("Default: " + shown)
                    || spec.usageMessage().showDefaultValues() && option.showDefaultValue()
                            != CommandLine.Help.Visibility.NEVER;
            if (!saysIt) {
                silent.add(spec.qualifiedName() + " " + option.longestName() + " (default " + shown + "): '"
                        + description + "'");
            }
        }
        command.getSubcommands().values().forEach(sub -> {
            if (sub.getCommandSpec().parent() == spec) {
                visit(sub, silent);
            }
        });
    }

    /** The default a flag declared in code runs with, when there is one worth saying. */
    private static String defaultOf(OptionSpec option) {
        Object initial = option.defaultValue() != null ? option.defaultValue() : option.initialValue();
        if (initial == null || Boolean.FALSE.equals(initial) || initial instanceof Collection<?> values
                && values.isEmpty()) {
            return null;
        }
        return String.valueOf(initial);
    }

    private static <O> Map<String, String> realDefaults(OptionSchema<?, O> schema) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (OptionInfo info : schema.describe()) {
            defaults.put(info.key(), OptionFlags.render(schema.text(schema.defaults(), info.key())));
        }
        return defaults;
    }

    /**
     * Whether the help's "Default: …" agrees with what each owner runs with: the same value, or, for a
     * default that depends on other options, words that begin with it (or words alone when it has no
     * value of its own).
     */
    private static boolean showsDefaults(String description, Map<String, String> realByOwner) {
        Matcher matcher = DEFAULT.matcher(description);
        boolean allEmpty = realByOwner.values().stream().allMatch(String::isEmpty);
        if (!matcher.find()) {
            return allEmpty;
        }
        String shown = matcher.group(1);
        if (realByOwner.size() == 1 || !shown.contains("; ")) {
            return realByOwner.values().stream().allMatch(real -> agrees(shown, real));
        }
        for (String part : shown.split("; ")) {
            int space = part.indexOf(' ');
            String owner = part.substring(0, space);
            String value = part.substring(space + 1);
            String real = realByOwner.get(owner);
            if (real == null || !agrees(value.equals("none") ? "" : value, real)) {
                return false;
            }
        }
        return true;
    }

    private static boolean agrees(String shown, String real) {
        return shown.equals(real) || real.isEmpty() || shown.startsWith(real + " (");
    }
}
