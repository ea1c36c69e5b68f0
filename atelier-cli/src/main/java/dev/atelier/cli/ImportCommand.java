package dev.atelier.cli;

import dev.atelier.Cancellation;
import dev.atelier.api.Atelier;
import dev.atelier.api.ImportOutcome;
import dev.atelier.api.ImportPlan;
import dev.atelier.progress.RunListener;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier import}: turn a published fast style transfer network into an Atelier model file. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert a fast style transfer network into an Atelier model file (safetensors with "
                + "metadata).",
            "Reads known models by name (see 'atelier models'), lengstrom/fast-style-transfer variable folders "
                + "(with manifest.json), pytorch/examples fast_neural_style .pth state dicts (zip or legacy format), "
                + "the ONNX model zoo's fast-neural-style .onnx files (checked by running them once with "
                + "ONNX Runtime) and Johnson's Torch7 fast-neural-style .t7 networks (read without executing "
                + "anything)."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A model name, a variable folder, a .pth, an "
            + ".onnx or a .t7 file.")
    String source;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "MODEL",
            description = "The model file to write (e.g. wave.safetensors).")
    Path output;

    @Option(names = "--style", paramLabel = "NAME",
            description = "Name of the painting to record (default: the source's name).")
    String style;

    @Option(names = {"--quiet", "-q"}, description = "No summary line.")
    boolean quiet;

    @Override
    public Integer call() {
        Atelier atelier = Atelier.fromEnvironment();
        ImportPlan plan = atelier.planImport(source, output, style);
        ProgressLine line = new ProgressLine(System.err, ProgressLine.terminalAttached(), "import");
        RunListener downloads = quiet ? RunListener.silent() : new DownloadProgressPrinter(line);
        // Ctrl-C or SIGTERM stops a download or a read at once (exit 130); the output is written atomically.
        Cancellation cancellation = Interrupts.install(() -> { });
        ImportOutcome model;
        try (Cancellation.Binding bound = cancellation.bindToThread()) {
            model = atelier.run(plan, downloads);
        }
        line.finish();
        if (!quiet) {
            System.err.printf(Locale.ROOT, "wrote %s (%s layout, %,d parameters, style %s)%n", output,
                    model.layout(), model.parameters(), model.style() == null ? "unnamed" : model.style());
        }
        return ExitCode.SUCCESS;
    }
}
