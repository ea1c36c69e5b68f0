package dev.atelier.api;

import java.nio.file.Path;

/**
 * An import checked before any work: the source exists (or is a known model's name), the output is
 * not the source, its folder takes new files. Made by {@link Atelier#planImport}; immutable.
 *
 * @param source a known model's name, or a network file or folder
 * @param output the Atelier model file to write
 * @param style the painting's name to record, or {@code null} for the source's own
 */
public record ImportPlan(String source, Path output, String style) {}
