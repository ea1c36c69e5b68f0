package dev.atelier.batch;

import dev.atelier.progress.RunEvent;
import dev.atelier.progress.RunListener;

/** Hands a listener one event at a time, whichever thread sends it (the runner's or its writer's). */
final class SerialListener implements RunListener {
    private final RunListener listener;

    SerialListener(RunListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        listener.onEvent(event);
    }

    @Override
    public boolean wantsImages() {
        return false;
    }
}
