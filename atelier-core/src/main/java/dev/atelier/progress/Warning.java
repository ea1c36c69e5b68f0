package dev.atelier.progress;

/** Something the user should know that does not stop the run (e.g. a fallback to random weights). */
public record Warning(String message) implements RunEvent {}
