/**
 * The training habits every trained method shares: a lazily read, deterministic image dataset with
 * random crops and flips, a held-out validation split, early stopping that keeps the best model,
 * checkpoints that a killed run resumes from exactly, and one event per step to a listener.
 * A method supplies its loss as a {@link dev.atelier.training.TrainingTask}.
 */
package dev.atelier.training;
