package dev.atelier.method;

/** What the entry point reads from any method's options. */
public interface StyleOptions {

    /** The longest side results get (photos are brought to it first); 0 keeps each photo's own size. */
    int size();
}
