package dev.atelier.batch;

/** A pair that could not be made, and why (one line naming the file and the problem). */
public record FailedPair(String name, String error) {}
