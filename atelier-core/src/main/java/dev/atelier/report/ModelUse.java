package dev.atelier.report;

/**
 * A network a run used, for its report: results are reproducible only with the very same weights.
 *
 * @param role what it did, e.g. {@code backbone}, {@code encoder}, {@code decoder}, {@code model}
 * @param name what it is, e.g. {@code vgg19}, {@code random-vgg19}, {@code candy}
 * @param file the weights file it was read from, or {@code null} for generated weights
 * @param sha256 SHA-256 of the file, or of the generated weights
 * @param seed the seed of generated weights, or {@code null}
 */
public record ModelUse(String role, String name, String file, String sha256, Long seed) {}
