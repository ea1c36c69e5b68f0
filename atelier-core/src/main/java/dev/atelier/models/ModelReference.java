package dev.atelier.models;

/**
 * A model as an option names it: a known name or the path of the user's own file.
 *
 * @param reference what the option holds
 * @param option the option's key ({@code decoder}, {@code predictor}, …): named when a file is
 *     missing or cannot be downloaded, as the place for a local copy
 */
public record ModelReference(String reference, String option) {}
