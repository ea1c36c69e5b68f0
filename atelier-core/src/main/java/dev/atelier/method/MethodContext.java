package dev.atelier.method;

import dev.atelier.models.ModelStore;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.Warning;

/**
 * What a method may use while loading its networks.
 *
 * @param models resolves model names and files (downloads on first use)
 * @param listener receives the progress of those downloads, and warnings: things the user should know
 *     that do not stop the run (option keys written {@code {key}})
 */
public record MethodContext(ModelStore models, RunListener listener) {

    /** Tells the user something that does not stop the run. */
    public void warn(String message) {
        listener.onEvent(new Warning(message));
    }
}
