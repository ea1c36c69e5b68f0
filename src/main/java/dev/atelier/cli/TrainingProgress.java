package dev.atelier.cli;

import dev.atelier.training.TrainingEvent;
import dev.atelier.training.TrainingListener;
import java.util.Locale;

/** Training progress on one line (step, losses, validation, ETA); warnings on their own lines. */
final class TrainingProgress implements TrainingListener {
    private final ProgressLine line;
    private final boolean quiet;

    /** @param quiet no progress line; warnings are still shown */
    TrainingProgress(ProgressLine line, boolean quiet) {
        this.line = line;
        this.quiet = quiet;
    }

    @Override
    public void onStep(TrainingEvent event) {
        if (quiet) {
            return;
        }
        StringBuilder detail = new StringBuilder(String.format(Locale.ROOT, "loss %.4g", event.total()));
        event.terms().forEach((name, value) -> detail.append(String.format(Locale.ROOT, " %s %.3g", name, value)));
        if (event.validated()) {
            detail.append(String.format(Locale.ROOT, " | validation %.4g%s", event.validation(),
                    event.improved() ? " (best, saved)" : ""));
        }
        line.update((double) event.step() / event.totalSteps(), event.step() + "/" + event.totalSteps(),
                event.seconds(), event.secondsRemaining(), detail.toString());
    }

    @Override
    public void onWarning(String message) {
        line.message("atelier: warning: " + message);
    }
}
