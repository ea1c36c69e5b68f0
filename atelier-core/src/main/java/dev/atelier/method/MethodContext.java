package dev.atelier.method;

import dev.atelier.models.ModelStore;
import dev.atelier.weights.download.DownloadListener;
import java.util.function.Consumer;

/**
 * What a method may use while loading its networks.
 *
 * @param models resolves model names and files (downloads on first use)
 * @param downloads progress of those downloads
 * @param warnings things the user should know that do not stop the run; option keys written {@code {key}}
 */
public record MethodContext(ModelStore models, DownloadListener downloads, Consumer<String> warnings) {}
