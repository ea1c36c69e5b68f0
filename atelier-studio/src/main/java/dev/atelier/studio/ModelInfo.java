package dev.atelier.studio;

/**
 * A trained network a job can name.
 *
 * @param name the name a submission's {@code model} field uses
 * @param method the method that runs it, e.g. {@code feedforward}
 * @param description what it paints like, e.g. {@code "The Great Wave off Kanagawa (Hokusai)"}
 * @param cached whether its weights are on this machine (otherwise the first job downloads them)
 * @param sizeBytes size of its weights, {@code 0} when unknown
 */
public record ModelInfo(String name, String method, String description, boolean cached, long sizeBytes) {
}
