package dev.atelier.batch;

import dev.atelier.io.RgbImage;
import java.nio.file.Path;

/**
 * One pair as a method receives it.
 *
 * @param name the pair's name
 * @param content the photo, already at the batch's size (and cropped, if asked)
 * @param contentFile where the photo came from, for the report
 * @param styleFile the style image or model file, for the report
 * @param output where the result will be written, for the report
 */
public record PairInput(String name, RgbImage content, Path contentFile, Path styleFile, Path output) {}
