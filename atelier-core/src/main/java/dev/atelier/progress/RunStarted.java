package dev.atelier.progress;

/**
 * The work begins: models are loaded and inputs checked.
 *
 * @param description what runs, in words (e.g. {@code gatys on random-vgg19})
 * @param items how many results the run makes in all (pairs of a batch; 1 for one image)
 * @param alreadyDone of those, how many an earlier run finished (kept, not made again)
 */
public record RunStarted(String description, int items, int alreadyDone) implements RunEvent {}
