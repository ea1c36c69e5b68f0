package dev.atelier.progress;

/**
 * A training step measured the held-out images.
 *
 * @param loss the validation loss
 * @param improved whether it was the best so far (the model was saved)
 */
public record Validated(long step, double loss, boolean improved) implements RunEvent {}
