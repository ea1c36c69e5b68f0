package dev.atelier.cli;

import dev.atelier.AtelierException;
import dev.atelier.BadInputException;
import dev.atelier.cli.bench.BenchCommand;
import dev.atelier.weights.download.DownloadFailedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code atelier} command. Only this class calls {@link System#exit}; everything below it
 * returns an {@link ExitCode} or throws.
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Neural style transfer: repaint a photo in the style of a painting.",
        subcommands = {StylizeCommand.class, BatchCommand.class, TrainCommand.class, TrainAdainCommand.class,
            ImportCommand.class, BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {

    public static void main(String[] arguments) {
        System.exit(run(arguments));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... arguments) {
        CommandLine commandLine = commandLine();
        return commandLine.execute(arguments);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handleFailure);
        commandLine.setExitCodeExceptionMapper(failure -> ExitCode.USAGE);
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    /** One line on standard error for a failure the user can act on; a stack trace only for bugs. */
    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (failure instanceof DownloadFailedException) {
            err.println("atelier: error: " + failure.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        if (failure instanceof BadInputException) {
            err.println("atelier: error: " + failure.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (failure instanceof AtelierException) {
            err.println("atelier: error: " + failure.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        if (causedByOutOfMemory(failure)) {
            err.println("atelier: error: out of memory; try a smaller --size");
            return ExitCode.UNAVAILABLE;
        }
        err.println("atelier: internal error (please report it): " + failure);
        failure.printStackTrace(err);
        return ExitCode.INTERNAL_ERROR;
    }

    private static boolean causedByOutOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof OutOfMemoryError || message.contains("DefaultCPUAllocator: can't allocate memory")
                    || message.contains("not enough memory")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
