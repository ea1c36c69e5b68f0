package dev.atelier.progress;

/**
 * Something that happened during a run. Events are immutable and sent on the thread doing the
 * work, so a listener must be quick (hand slow work to another thread). Every method, batch,
 * training run, download and studio job speaks this one vocabulary.
 */
public sealed interface RunEvent permits RunStarted, StepFinished, Validated, ImageFormed, ItemFinished,
        Warning, CheckpointSaved, DownloadProgressed, DownloadRetried, DownloadSourceFailed, DownloadWaiting {}
