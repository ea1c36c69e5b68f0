package dev.atelier.io;

import java.nio.file.Path;
import java.util.Locale;

/** Telling image files apart by name, the same way everywhere folders are listed. */
public final class ImageFiles {
    private ImageFiles() {}

    /** A JPEG or PNG by its extension, and not a hidden file (temporary files are hidden). */
    public static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    /** The file name without its extension; a name without one is kept whole. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
