package dev.atelier.batch;

/**
 * A long pair (optimisation) has come further.
 *
 * @param name the pair's name
 * @param fraction share of the pair done, 0 to 1
 * @param progress the batch's progress, counting that share
 */
public record PairProgress(String name, double fraction, BatchProgress progress) {}
