package dev.atelier.progress;

import java.nio.file.Path;

/** A checkpoint was written: a run stopped from now on can be resumed from {@code step}. */
public record CheckpointSaved(long step, Path file) implements RunEvent {}
