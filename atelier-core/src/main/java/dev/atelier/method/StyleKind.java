package dev.atelier.method;

/** What a method's styles are. */
public enum StyleKind {
    /** Paintings, given as image files. */
    PAINTINGS,
    /** Trained networks with a painting built in, given as model names or files. */
    MODELS
}
