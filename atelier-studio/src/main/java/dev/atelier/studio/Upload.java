package dev.atelier.studio;

import java.io.IOException;
import java.io.InputStream;

/**
 * One uploaded file of a submission.
 *
 * @param clientName the name the client gave it (display only; never part of a path), or {@code null}
 * @param content opens its bytes
 */
record Upload(String clientName, Opener content) {

    /** Opens an upload's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
