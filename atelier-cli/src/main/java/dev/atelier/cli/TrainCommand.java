package dev.atelier.cli;

import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.Methods;
import dev.atelier.api.TrainOutcome;
import dev.atelier.api.TrainRequest;
import dev.atelier.io.ReadOptions;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code atelier train} and {@code atelier train-adain}: one command over any method's training. Its
 * input flags ({@code --style --data}, {@code --content-dir --style-dir}) and options come from the
 * method; it only turns them into a {@link TrainRequest}.
 */
class TrainCommand implements Callable<Integer>, DeclaresOptions {
    private final String methodName;

    @Spec
    CommandSpec spec;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "The trained network; its checkpoint (FILE.ckpt) and JSON report go beside it.")
    Path output;

    @Option(names = "--resume", description = "Continue from the checkpoint beside the output with the same "
            + "settings (a larger --steps runs longer).")
    boolean resume;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Report path (default: output with .json).")
    Path report;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the loss curves.")
    Path plot;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Skip training images larger than this. "
            + "Default: 50000000.")
    long maxPixels = ReadOptions.DEFAULT_MAX_PIXELS;

    @Option(names = {"--quiet", "-q"}, description = "No progress output.")
    boolean quiet;

    private OptionFlags flags;

    TrainCommand(String methodName) {
        this.methodName = methodName;
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
        TrainRequest.Builder request = TrainRequest.builder(methodName).optOutput(output).optReport(report)
                .optPlot(plot).optResume(resume).optReadOptions(new ReadOptions(maxPixels))
                .optOptions(flags.given(parsed, method.options()));
        for (TrainingInput input : method.inputs()) {
            if (input.several()) {
                request.optInputs(input.role(), parsed.matchedOptionValue(OptionFlags.flag(input.role()),
                        List.<Path>of()));
            } else {
                request.optInput(input.role(), parsed.matchedOptionValue(OptionFlags.flag(input.role()), (Path) null));
            }
        }
        CliListener listener = new CliListener(new ProgressLine(err, ProgressLine.terminalAttached(),
                spec.name()), quiet);
        Cancellation cancellation = Interrupts.install(() -> listener.message("stopping after this step and saving a "
                + "checkpoint (Ctrl-C again to quit at once)…"));
        TrainOutcome outcome = Atelier.fromEnvironment().train(request.build(), listener, cancellation);
        listener.finish();
        if (!quiet) {
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
