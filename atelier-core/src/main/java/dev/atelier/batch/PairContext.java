package dev.atelier.batch;

import dev.atelier.Cancellation;
import dev.atelier.progress.RunListener;

/**
 * What a method may use while running a pair.
 *
 * @param cancellation checked by long methods between steps
 * @param listener receives the pair's own events: its steps (their fraction becomes the batch's
 *     progress within the pair) and warnings
 */
public record PairContext(Cancellation cancellation, RunListener listener) {}
