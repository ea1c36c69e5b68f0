package dev.atelier.cli;

import dev.atelier.loss.LossValues;
import dev.atelier.method.gatys.IterationEvent;
import dev.atelier.method.gatys.StylizeListener;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import java.nio.file.Path;
import java.util.Locale;

/** Shows a Gatys run's progress and writes its intermediate images. */
final class GatysProgress implements StylizeListener {
    private final ProgressLine line;
    private final Path output;
    private final boolean quiet;

    GatysProgress(ProgressLine line, Path output, boolean quiet) {
        this.line = line;
        this.output = output;
        this.quiet = quiet;
    }

    @Override
    public void onIteration(IterationEvent event) {
        if (quiet) {
            return;
        }
        String scale = event.scaleCount() > 1
                ? String.format(Locale.ROOT, " scale %d/%d %dx%d", event.scaleIndex() + 1, event.scaleCount(),
                        event.width(), event.height())
                : "";
        line.update(event.workFraction(), event.iteration() + "/" + event.totalIterations(), event.seconds(),
                event.secondsRemaining(), losses(event.losses()) + scale);
    }

    static String losses(LossValues losses) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "loss %.4g", losses.total()));
        losses.terms().forEach((name, value) -> {
            if (!name.equals("tv") || value > 0) {
                text.append(String.format(Locale.ROOT, " %s %.4g", name, value));
            }
        });
        return text.toString();
    }

    @Override
    public void onIntermediateImage(int iteration, RgbImage image) {
        Path file = intermediatePath(output, iteration);
        new ImageSaver().write(image, file);
        if (!quiet) {
            line.message("saved " + file);
        }
    }

    @Override
    public void onWarning(String message) {
        line.message("atelier: warning: " + message);
    }

    /** {@code out.png} at iteration 100 becomes {@code out.iter-0100.png}. */
    static Path intermediatePath(Path output, int iteration) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : ".png";
        return output.resolveSibling(String.format(Locale.ROOT, "%s.iter-%04d%s", stem, iteration, extension));
    }
}
