package dev.atelier.method;

/** What the entry point reads from any method's options. */
public interface StyleOptions {

    /**
     * The largest result side any method accepts: a guard against a typo that would need hundreds of
     * gigabytes, the same for every method and the batch.
     */
    int MAXIMUM_SIZE = 16_384;

    /** The longest side results get (photos are brought to it first); 0 keeps each photo's own size. */
    int size();
}
