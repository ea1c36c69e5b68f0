package dev.atelier.video.ffmpeg;

/**
 * A wait on FFmpeg was given up because the run was cancelled. It never leaves the video module: a
 * run that meets it ends as a cancelled outcome, keeping what was finished.
 */
public final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled", null, false, false);
    }
}
