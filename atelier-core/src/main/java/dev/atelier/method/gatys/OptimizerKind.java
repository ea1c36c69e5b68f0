package dev.atelier.method.gatys;

/** Which optimiser updates the image. */
public enum OptimizerKind {
    /** L-BFGS with a strong-Wolfe line search: fewest evaluations to a given loss. */
    LBFGS,
    /** Adam: cheaper per iteration, noisier progress, keeps pixels in range at every step. */
    ADAM
}
