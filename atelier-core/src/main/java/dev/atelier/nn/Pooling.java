package dev.atelier.nn;

/** How VGG downsamples between blocks. */
public enum Pooling {
    /** torchvision's choice, and the documents' default. */
    MAX,
    /** Gatys et al. found average pooling gives slightly smoother results. */
    AVERAGE
}
