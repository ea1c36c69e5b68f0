package dev.atelier.cli;

import dev.atelier.progress.CheckpointSaved;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Validated;
import dev.atelier.progress.Warning;
import java.util.Locale;
import java.util.Map;

/**
 * A run's events on the terminal: one progress line (bar, counter, elapsed time, ETA, current losses),
 * warnings and failed items on lines of their own. Quiet runs show only warnings and failures.
 */
final class CliListener implements RunListener {
    private final ProgressLine line;
    private final boolean quiet;
    private final RunListener downloads;
    private double lastValidation = Double.NaN;
    private boolean lastImproved;

    CliListener(ProgressLine line, boolean quiet) {
        this.line = line;
        this.quiet = quiet;
        this.downloads = quiet ? RunListener.silent() : new DownloadProgressPrinter(line);
    }

    @Override
    public void onEvent(RunEvent event) {
        if (DownloadProgressPrinter.isDownload(event)) {
            downloads.onEvent(event);
        } else if (event instanceof Warning warning) {
            line.message("atelier: warning: " + OptionFlags.render(warning.message()));
        } else if (event instanceof ItemFinished item && item.failed()) {
            line.message("atelier: error: " + item.name() + ": " + OptionFlags.render(item.error()));
        } else if (quiet) {
            return;
        } else if (event instanceof StepFinished step) {
            show(step);
        } else if (event instanceof Validated validated) {
            lastValidation = validated.loss();
            lastImproved = validated.improved();
        } else if (event instanceof RunStarted started && started.items() > 1) {
            line.message(String.format(Locale.ROOT, "%s: %d results%s", started.description(), started.items(),
                    started.alreadyDone() > 0 ? " (" + started.alreadyDone() + " already done, "
                            + (started.items() - started.alreadyDone()) + " to make)" : ""));
        } else if (event instanceof CheckpointSaved || event instanceof ImageFormed) {
            return;
        }
    }

    private void show(StepFinished step) {
        StringBuilder detail = new StringBuilder();
        if (!step.losses().isEmpty()) {
            detail.append(String.format(Locale.ROOT, "loss %.4g", step.totalLoss()));
            for (Map.Entry<String, Double> term : step.losses().entrySet()) {
                if (term.getValue() != 0) {
                    detail.append(String.format(Locale.ROOT, " %s %.3g", term.getKey(), term.getValue()));
                }
            }
        }
        if (step.stage().equals("train") && !Double.isNaN(lastValidation)) {
            detail.append(String.format(Locale.ROOT, " | validation %.4g%s", lastValidation,
                    lastImproved ? " (best, saved)" : ""));
        }
        if (!step.item().isEmpty()) {
            detail.append(detail.length() > 0 ? " " : "").append(step.item());
        }
        line.update(step.fraction(), step.step() + "/" + step.total(), step.elapsedSeconds(), step.secondsRemaining(),
                detail.toString());
    }

    void finish() {
        line.finish();
    }

    void message(String text) {
        line.message(text);
    }
}
