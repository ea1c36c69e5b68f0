package dev.atelier.api;

import dev.atelier.batch.BatchListener;
import dev.atelier.batch.BatchProgress;
import dev.atelier.batch.BatchStarted;
import dev.atelier.batch.PairFinished;
import dev.atelier.batch.PairProgress;
import dev.atelier.batch.PairStatus;
import dev.atelier.progress.ItemFinished;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.RunStarted;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import java.util.Map;

/** A batch's progress as run events: each pair a step of the whole, each finished pair an item. */
final class BatchEvents implements BatchListener {
    private final RunListener listener;

    BatchEvents(RunListener listener) {
        this.listener = listener;
    }

    @Override
    public void onStarted(BatchStarted event) {
        listener.onEvent(new RunStarted(event.method() + " into " + event.outputFolder(), event.total(),
                event.skipped()));
    }

    @Override
    public void onPairProgress(PairProgress event) {
        step(event.progress(), event.fraction(), event.name());
    }

    @Override
    public void onPairFinished(PairFinished event) {
        BatchProgress progress = event.progress();
        boolean failed = event.status() == PairStatus.FAILED;
        listener.onEvent(new ItemFinished(event.name(), failed ? null : event.output(), failed ? event.error() : null,
                progress.done() + progress.failed(), progress.total() - progress.skipped()));
        step(progress, 0, event.name());
    }

    @Override
    public void onWarning(String message) {
        listener.onEvent(new Warning(message));
    }

    private void step(BatchProgress progress, double fraction, String name) {
        double remaining = progress.secondsRemaining();
        listener.onEvent(new StepFinished("batch", progress.done() + progress.failed(),
                progress.total() - progress.skipped(), progress.fraction(fraction), progress.elapsedSeconds(),
                Double.isFinite(remaining) ? remaining : Double.NaN, Map.of(), name));
    }
}
