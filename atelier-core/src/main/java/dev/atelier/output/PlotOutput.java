package dev.atelier.output;

import dev.atelier.io.OutputFormat;
import dev.atelier.report.LossPlot;
import java.nio.file.Path;

/** The loss curves of an optimisation, as a PNG. */
public record PlotOutput(Path file) implements Output {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;

    public PlotOutput {
        if (!OutputFormat.PNG.equals(OutputFormat.of("plot", file))) {
            throw new dev.atelier.InvalidOptionException("plot", file + ": the loss plot is a PNG; name it .png");
        }
    }

    @Override
    public void claim(OutputClaims claims) {
        claims.output("plot", "loss plot", file);
    }

    @Override
    public void write(Finished finished) {
        LossPlot.of(finished.history(), "Loss per iteration", "iteration").write(file, WIDTH, HEIGHT);
        finished.report().output("plot", file);
    }
}
