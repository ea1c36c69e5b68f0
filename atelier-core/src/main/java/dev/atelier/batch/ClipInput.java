package dev.atelier.batch;

import java.nio.file.Path;

/**
 * One pair whose photo is a clip, as a method receives it: repainted whole, the clip and its report
 * written by the method itself (each only when whole), since a clip is streamed, never held.
 *
 * @param name the pair's name
 * @param clip the clip to repaint
 * @param style the painting, or the model file for methods whose style is a trained network
 * @param output where the repainted clip goes ({@code <name>.<ClipFiles#resultExtension>})
 * @param report where its report goes; the batch adds its own part afterwards
 */
public record ClipInput(String name, Path clip, Path style, Path output, Path report) {}
