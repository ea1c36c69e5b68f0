package dev.atelier.video;

import dev.atelier.io.ClipNames;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which files front ends hand to the video module: clips by their extension, and pictures numbered by a
 * pattern. An animated GIF stays a picture on the way in (its first frame, as image readers give it);
 * GIF is a video only as an output.
 */
public final class VideoFiles {
    /** Extensions of clips FFmpeg commonly reads (the core's list: batches tell clips apart by it too). */
    public static final Set<String> CLIP_EXTENSIONS = ClipNames.EXTENSIONS;

    private VideoFiles() {}

    /** Whether a path names pictures by number, as FFmpeg's image sequences are named ({@code frame_%04d.png}). */
    public static boolean isPattern(Path path) {
        return dev.atelier.video.sequence.ImageSequence.isPattern(path);
    }

    /** Whether a file's name says it is a clip. */
    public static boolean isClip(Path file) {
        return ClipNames.isClip(file);
    }
}
