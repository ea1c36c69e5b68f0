package dev.atelier.api;

import java.nio.file.Path;

/**
 * A network converted into an Atelier model file.
 *
 * @param layout the transformer layout it has ({@code pytorch-examples}, {@code tensorflow})
 * @param parameters how many numbers it holds
 * @param style the painting's name recorded in it, or {@code null}
 */
public record ImportOutcome(Path output, String layout, long parameters, String style) {}
