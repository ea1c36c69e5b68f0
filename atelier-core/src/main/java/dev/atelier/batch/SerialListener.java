package dev.atelier.batch;

/** Hands a listener one event at a time, whichever thread sends it. */
final class SerialListener implements BatchListener {
    private final BatchListener listener;

    SerialListener(BatchListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void onStarted(BatchStarted event) {
        listener.onStarted(event);
    }

    @Override
    public synchronized void onPairProgress(PairProgress event) {
        listener.onPairProgress(event);
    }

    @Override
    public synchronized void onPairFinished(PairFinished event) {
        listener.onPairFinished(event);
    }

    @Override
    public synchronized void onWarning(String message) {
        listener.onWarning(message);
    }
}
