package dev.atelier.cli;

import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.Methods;
import dev.atelier.api.TrainOutcome;
import dev.atelier.api.TrainPlan;
import dev.atelier.api.TrainRequest;
import dev.atelier.method.TrainingInput;
import dev.atelier.method.TrainingMethod;
import dev.atelier.training.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * One command per training the registry knows ({@link Methods#training()}): {@code atelier train}
 * for feed-forward networks, {@code atelier train-adain}, and whatever is added there. Its input
 * flags ({@code --style --data}, {@code --content-dir --style-dir}) and options come from the method;
 * it only turns them into a {@link TrainRequest}, plans it and runs the plan.
 */
final class TrainCommand implements Callable<Integer>, DeclaresOptions {
    /** The command that trains the networks a request with models runs by default: plain {@code train}. */
    private static final String DEFAULT_NAME = "train";

    private final String methodName;

    @Spec
    CommandSpec spec;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "The trained network; its checkpoint (FILE.ckpt) and JSON report go beside it.")
    Path output;

    @Option(names = "--resume", description = "Continue from the checkpoint beside the output with the same "
            + "settings (a larger --steps runs longer).")
    boolean resume;

    @Mixin
    ReportOptions reports;

    @Mixin
    RunOptions run;

    private OptionFlags flags;

    TrainCommand(String methodName) {
        this.methodName = methodName;
    }

    /**
     * The command's name for a training: {@code train} for the method a request with trained
     * networks runs by default (feed-forward, the one users know as {@code train}), else
     * {@code train-<method>}.
     */
    static String commandName(TrainingMethod<?> method) {
        return method.name().equals(Methods.defaultFor(true)) ? DEFAULT_NAME : DEFAULT_NAME + "-" + method.name();
    }

    /** A picocli command for {@code method}'s training, its help written from the method. */
    static CommandLine commandFor(TrainingMethod<?> method) {
        CommandLine command = new CommandLine(new TrainCommand(method.name()));
        command.getCommandSpec().name(commandName(method)).mixinStandardHelpOptions(true);
        String description = method.description();
        command.getCommandSpec().usageMessage().sortOptions(false).description(
                Character.toUpperCase(description.charAt(0)) + description.substring(1) + ".",
                "The best network so far is written to --output whenever validation improves; --output.ckpt lets "
                        + "an interrupted run (Ctrl-C) continue with --resume.");
        return command;
    }

    @Override
    public void declareOptions(CommandSpec command) {
        TrainingMethod<?> method = Methods.training(methodName);
        for (TrainingInput input : method.inputs()) {
            OptionSpec.Builder option = OptionSpec.builder(OptionFlags.flag(input.role())).required(true)
                    .paramLabel(input.folder() ? "DIR" : "FILE").description(input.description() + ".");
            // A role that takes several files takes them after one flag, or the flag repeated.
            command.addOption((input.several() ? option.type(List.class).auxiliaryTypes(Path.class).arity("1..*")
                    : option.type(Path.class)).build());
        }
        flags = OptionFlags.declare(command, Map.of(method.name(), method.options()));
    }

    @Override
    public Integer call() {
        PrintStream err = System.err;
        TrainingMethod<?> method = Methods.training(methodName);
        ParseResult parsed = spec.commandLine().getParseResult();
        TrainRequest.Builder request = TrainRequest.builder(methodName).optOutput(output).optReport(reports.report)
                .optPlot(reports.plot).optResume(resume).optReadOptions(run.readOptions())
                .optOptions(flags.given(parsed, method.options()));
        for (TrainingInput input : method.inputs()) {
            if (input.several()) {
                request.optInputs(input.role(), parsed.matchedOptionValue(OptionFlags.flag(input.role()),
                        List.<Path>of()));
            } else {
                request.optInput(input.role(), parsed.matchedOptionValue(OptionFlags.flag(input.role()), (Path) null));
            }
        }
        Atelier atelier = run.atelier();
        TrainPlan plan = atelier.plan(request.build());
        CliListener listener = new CliListener(new ProgressLine(err, ProgressLine.terminalAttached(),
                spec.name()), run.quiet);
        Cancellation cancellation = Interrupts.install(() -> listener.message("stopping after this step and saving a "
                + "checkpoint (Ctrl-C again to quit at once)…"));
        TrainOutcome outcome = atelier.run(plan, listener, cancellation);
        listener.finish();
        if (!run.quiet) {
            err.println(summary(outcome));
        }
        return outcome.result().cancelled() ? ExitCode.INTERRUPTED : ExitCode.SUCCESS;
    }

    private static String summary(TrainOutcome outcome) {
        TrainingResult result = outcome.result();
        String model = Files.exists(outcome.output())
                ? outcome.output() + " is from step " + result.bestStep() + (Double.isFinite(result.bestValidation())
                        ? String.format(Locale.ROOT, " (validation loss %.4g)", result.bestValidation()) : "")
                : "no network written yet (no validation had run)";
        if (result.cancelled()) {
            return "stopped at step " + result.steps() + "; " + model + "; continue with --resume (checkpoint "
                    + outcome.checkpoint() + ")";
        }
        return (result.stoppedEarly() ? "stopped early at step " + result.steps() + " (validation stopped improving)"
                : "trained " + result.steps() + " steps") + "; " + model;
    }
}
