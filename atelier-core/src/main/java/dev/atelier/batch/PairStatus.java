package dev.atelier.batch;

import java.util.Locale;

/** Where a pair stands, as the manifest records it. */
public enum PairStatus {
    /** Not run yet, or to be run again. */
    PENDING,
    /** Being run; found in a manifest after a crash, it means the pair was cut off and is redone. */
    RUNNING,
    /** Its result and report are written. */
    DONE,
    /** It could not be made; the manifest holds the reason. Reruns try it again. */
    FAILED;

    /** The lower-case name the manifest uses. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PairStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
