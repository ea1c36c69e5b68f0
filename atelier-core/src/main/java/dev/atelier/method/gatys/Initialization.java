package dev.atelier.method.gatys;

/** Where the optimised image starts. */
public enum Initialization {
    /** The content photo itself: converges fastest and keeps the most structure (the documents' default). */
    CONTENT,
    /** Seeded uniform noise, as in Gatys et al.'s paper: more varied results, slower. */
    NOISE,
    /** The style image resized to the content's size. */
    STYLE
}
