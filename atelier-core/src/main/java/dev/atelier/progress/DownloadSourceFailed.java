package dev.atelier.progress;

import java.net.URI;

/**
 * A download source is given up.
 *
 * @param tryingNext whether another source follows
 */
public record DownloadSourceFailed(URI source, String reason, boolean tryingNext) implements RunEvent {

    /** One line for people. */
    public String describe() {
        return "could not download " + source + " (" + reason + ")" + (tryingNext ? "; trying the next source" : "");
    }
}
