package dev.atelier;

/**
 * Work stopped on request before it had anything to give back: a model being read or hashed, a
 * download. Work that has a result so far (an optimisation, the tiles of a print) returns it marked
 * cancelled instead. Front ends treat both the same way: the user asked to stop.
 */
public class CancelledException extends AtelierException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }
}
