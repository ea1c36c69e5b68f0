package dev.atelier.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which files front ends hand to the video module: clips by their extension, and pictures numbered by a
 * pattern. An animated GIF stays a picture on the way in (its first frame, as image readers give it);
 * GIF is a video only as an output.
 */
public final class VideoFiles {
    /** Extensions of clips FFmpeg commonly reads. */
    public static final Set<String> CLIP_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg",
            "ts", "m2ts", "mts", "wmv", "flv", "ogv", "3gp", "y4m", "nut");

    private VideoFiles() {}

    /** Whether a path names pictures by number, as FFmpeg's image sequences are named ({@code frame_%04d.png}). */
    public static boolean isPattern(Path path) {
        return dev.atelier.video.sequence.ImageSequence.isPattern(path);
    }

    /** Whether a file's name says it is a clip. */
    public static boolean isClip(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString().toLowerCase(Locale.ROOT);
        int dot = text.lastIndexOf('.');
        return dot > 0 && CLIP_EXTENSIONS.contains(text.substring(dot + 1));
    }
}
