package dev.atelier.progress;

import java.nio.file.Path;

/** Another process holds {@code lockFile} (it is downloading the same file); the download waits for it. */
public record DownloadWaiting(Path lockFile) implements RunEvent {

    /** One line for people. */
    public String describe() {
        return "waiting for another download of the same file to finish (" + lockFile + ")";
    }
}
