package dev.atelier.cli;

import dev.atelier.AtelierException;
import dev.atelier.BadInputException;
import dev.atelier.CancelledException;
import dev.atelier.Failures;
import dev.atelier.InvalidOptionException;
import dev.atelier.NonFiniteLossException;
import dev.atelier.UnavailableException;
import dev.atelier.api.Methods;
import dev.atelier.device.DeviceUnavailableException;
import dev.atelier.cli.bench.BenchCommand;
import dev.atelier.method.TrainingMethod;
import dev.atelier.weights.download.DownloadFailedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code atelier} command. Only this class calls {@link System#exit}; everything below it
 * returns an {@link ExitCode} or throws, and every library failure becomes one line on standard
 * error and a documented exit code.
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Neural style transfer: repaint a photo in the style of a painting.",
        subcommands = {StylizeCommand.class, BatchCommand.class, ImportCommand.class, ModelsCommand.class,
            ServeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {

    public static void main(String[] arguments) {
        quietLibraries();
        System.exit(run(arguments));
    }

    /**
     * Keeps DJL's and ONNX Runtime's start-up chatter (CUDA probes, repository notes) off the user's
     * terminal: only their errors show. Set before any of their classes load; a user's own
     * {@code -D} settings win.
     */
    static void quietLibraries() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.onnxruntime", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... arguments) {
        return commandLine().execute(arguments);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        for (TrainingMethod<?> training : Methods.training()) {
            commandLine.addSubcommand(TrainCommand.commandName(training), TrainCommand.commandFor(training));
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof DeclaresOptions declares) {
                declares.declareOptions(sub.getCommandSpec());
            }
        }
        commandLine.setExecutionExceptionHandler(Main::handleFailure);
        commandLine.setParameterExceptionHandler(Main::handleBadArguments);
        commandLine.setExitCodeExceptionMapper(failure -> ExitCode.USAGE);
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setHelpFactory(WordWrappedHelp.FACTORY);
        return commandLine;
    }

    /**
     * A command line picocli cannot parse (an unknown option, a missing value, an option given twice):
     * one line naming the problem and where help is, not the whole usage text.
     */
    private static int handleBadArguments(CommandLine.ParameterException failure, String[] arguments) {
        CommandLine command = failure.getCommandLine();
        StringBuilder line = new StringBuilder("atelier: error: ").append(Failures.flatten(failure.getMessage()));
        if (failure instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", unmatched.getSuggestions().stream().limit(3)
                    .toList())).append("?)");
        }
        line.append("; see '").append(command.getCommandSpec().qualifiedName(" ")).append(" --help'");
        command.getErr().println(line);
        return ExitCode.USAGE;
    }

    /** One line on standard error for a failure the user can act on; a stack trace only for bugs. */
    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        int code = exitCode(failure);
        if (code == ExitCode.INTERNAL_ERROR) {
            err.println("atelier: internal error (please report it): " + failure);
            failure.printStackTrace(err);
            return code;
        }
        String message = failure instanceof AtelierException known ? OptionFlags.render(known)
                : Failures.oneLine(failure);
        err.println((code == ExitCode.INTERRUPTED ? "atelier: " : "atelier: error: ") + Failures.flatten(message)
                + fetchAdvice(failure) + deviceAdvice(failure, System.getenv("ATELIER_DEVICE")));
        return code;
    }

    /**
     * For a GPU asked for on PyTorch's CPU build, how this command line loads the CUDA build (the
     * library can only say which build loaded: the build is chosen before the engine starts); empty
     * otherwise.
     *
     * @param launcherDevice {@code ATELIER_DEVICE}, which {@code ./atelier} reads to choose the build
     */
    static String deviceAdvice(Throwable failure, String launcherDevice) {
        if (!(failure instanceof DeviceUnavailableException unavailable)
                || unavailable.reason() != DeviceUnavailableException.Reason.CPU_BUILD) {
            return "";
        }
        if ("gpu".equalsIgnoreCase(launcherDevice == null ? "" : launcherDevice.trim())) {
            return "; ATELIER_DEVICE=gpu was set, yet the CPU build loaded: DJL found no CUDA build of PyTorch for "
                    + "this machine, or could not fetch one (see the README's GPU section)";
        }
        return "; PyTorch's CUDA build loads when ./atelier starts with ATELIER_DEVICE=gpu (README, GPU), or "
                + "--device cpu runs here";
    }

    /**
     * For a failed download, how to fetch the missing models ahead of time with this command line
     * (the library names options only, not commands); empty otherwise.
     */
    static String fetchAdvice(Throwable failure) {
        if (failure instanceof DownloadFailedException download && !download.missing().isEmpty()) {
            return "; or fetch " + (download.missing().size() == 1 ? "it" : "them") + " ahead of time where the "
                    + "hosts can be reached: atelier models --fetch " + String.join(" ", download.missing());
        }
        return "";
    }

    /** The exit code the README documents for each kind of failure. */
    static int exitCode(Throwable failure) {
        if (failure instanceof InvalidOptionException) {
            return ExitCode.USAGE;
        }
        if (failure instanceof BadInputException || failure instanceof NonFiniteLossException) {
            return ExitCode.BAD_INPUT;
        }
        if (failure instanceof CancelledException) {
            // A stop asked for while a model was being read or downloaded: nothing was made yet.
            return ExitCode.INTERRUPTED;
        }
        if (failure instanceof UnavailableException || Failures.isOutOfMemory(failure)) {
            return ExitCode.UNAVAILABLE;
        }
        if (failure instanceof AtelierException) {
            return ExitCode.UNAVAILABLE;
        }
        return ExitCode.INTERNAL_ERROR;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
