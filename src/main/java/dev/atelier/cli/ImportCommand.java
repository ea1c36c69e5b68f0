package dev.atelier.cli;

import dev.atelier.method.feedforward.ModelFile;
import dev.atelier.method.feedforward.ModelImport;
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
            "Reads lengstrom/fast-style-transfer variable folders (with manifest.json), pytorch/examples "
                + "fast_neural_style .pth state dicts (zip or legacy format) and the ONNX model zoo's "
                + "fast-neural-style .onnx files (checked by running them once with ONNX Runtime)."})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A variable folder, a .pth or an .onnx file.")
    Path source;

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
        CliOutputs.requireFolder(output);
        ModelFile.Model model = ModelImport.convert(source, output, style);
        if (!quiet) {
            System.err.printf(Locale.ROOT, "wrote %s (%s layout, %,d parameters, style %s)%n", output,
                    model.layout().displayName(), ModelImport.parameterCount(model),
                    model.style() == null ? "unnamed" : model.style());
        }
        return ExitCode.SUCCESS;
    }
}
