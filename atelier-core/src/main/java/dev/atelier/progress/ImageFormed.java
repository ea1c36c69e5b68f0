package dev.atelier.progress;

import dev.atelier.io.RgbImage;

/**
 * The image as it stands at a step, for watching an optimisation form. Sent only to listeners that
 * {@linkplain RunListener#wantsImages() ask for images}, since making one costs time.
 */
public record ImageFormed(long step, RgbImage image) implements RunEvent {}
