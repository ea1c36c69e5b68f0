package dev.atelier.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Telling clips apart by name, the same way everywhere folders are listed: the extensions of the
 * containers FFmpeg commonly reads. The core repaints no clip; it knows them by name only, to hand
 * them to whoever does (the video module, plugged into a batch) or to refuse them with one line
 * (the Spark job) rather than pass over them in silence.
 */
public final class ClipNames {
    /** Extensions of clips FFmpeg commonly reads. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg",
            "ts", "m2ts", "mts", "wmv", "flv", "ogv", "3gp", "y4m", "nut");

    private ClipNames() {}

    /** Whether a file's name says it is a clip. */
    public static boolean isClip(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString().toLowerCase(Locale.ROOT);
        int dot = text.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(text.substring(dot + 1));
    }
}
