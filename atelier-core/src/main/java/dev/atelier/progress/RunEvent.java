package dev.atelier.progress;

/**
 * Something that happened during a run. Events are immutable and sent on the thread doing the
 * work, so a listener must be quick (hand slow work to another thread).
 */
public sealed interface RunEvent permits RunStarted, StepFinished, Validated, ImageFormed, ItemFinished,
        Warning, CheckpointSaved {}
