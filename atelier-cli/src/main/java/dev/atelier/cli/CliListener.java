package dev.atelier.cli;

import dev.atelier.progress.CheckpointSaved;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.SmoothedEta;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Validated;
import dev.atelier.progress.Warning;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's events on the terminal: one progress line (bar, count, share of the work, elapsed time,
 * smoothed ETA, current losses),
 * warnings and failed items on lines of their own. Quiet runs show only warnings and failures.
 */
final class CliListener implements RunListener {
    private final ProgressLine line;
    private final boolean quiet;
    private final RunListener downloads;
    private static final Map<String, String> UNITS = Map.of("optimise", "iterations", "train", "steps",
            "stylize", "images", "batch", "pairs", "tile", "tiles", "video", "frames");
    /** One smoother per stage, started afresh when the stage's clock starts again (the next photo's run). */
    private final Map<String, SmoothedEta> smoothers = new HashMap<>();
    private final Map<String, Double> clocks = new HashMap<>();
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
        line.update(step.fraction(), amount(step), step.elapsedSeconds(), eta(step), detail.toString());
    }

    /**
     * {@code 152/500 iterations, work 8%}: the steps as a count of what they are, and the share of the
     * work (what the bar and the ETA follow) labelled as such, since a coarse scale's iterations are
     * cheap and a fine scale's dear.
     */
    static String amount(StepFinished step) {
        String unit = UNITS.getOrDefault(step.stage() == null ? "" : step.stage(), "steps");
        return step.step() + "/" + step.total() + " " + unit + ", work " + ProgressLine.percent(step.fraction());
    }

    /** The library's estimate smoothed ({@link SmoothedEta}), per stage, each on its own clock. */
    private double eta(StepFinished step) {
        String stage = String.valueOf(step.stage());
        Double clock = clocks.put(stage, step.elapsedSeconds());
        if (clock == null || step.elapsedSeconds() < clock) {
            smoothers.put(stage, new SmoothedEta());
        }
        return smoothers.get(stage).update(step.elapsedSeconds(), step.secondsRemaining());
    }

    void finish() {
        line.finish();
    }

    void message(String text) {
        line.message(text);
    }
}
