package dev.atelier.studio;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the server's file paths out of what the studio shows its users (a job's error, a warning):
 * they mean nothing in a browser and tell a stranger how the server is laid out. A path in a
 * message is reduced to its file name ({@code /home/ann/.atelier/models/vgg19.pth} becomes
 * {@code vgg19.pth}); web addresses are left alone.
 */
final class ServerPaths {
    /**
     * An absolute path of two or more segments, Unix or Windows, not inside a URL (which follows a
     * colon or a slash) or a word; it ends where a space, a quote, a bracket, a comma, a semicolon or a
     * colon does.
     */
    private static final Pattern ABSOLUTE = Pattern.compile(
            "(?<![\\w.~:/\\\\-])(?:/|[A-Za-z]:\\\\)(?:[^\\s/\\\\'\"()\\[\\]{}<>,;:]+[/\\\\])+([^\\s/\\\\'\"()\\[\\]{}<>,;:]*)");

    private ServerPaths() {}

    /** {@code text} with each absolute path replaced by its last segment; {@code folder} and its children first by nothing. */
    static String hide(String text, Path folder) {
        if (text == null) {
            return null;
        }
        String shown = text;
        if (folder != null) {
            shown = shown.replace(folder.toAbsolutePath() + folder.getFileSystem().getSeparator(), "");
        }
        Matcher paths = ABSOLUTE.matcher(shown);
        StringBuilder hidden = new StringBuilder();
        while (paths.find()) {
            String name = paths.group(1);
            paths.appendReplacement(hidden, Matcher.quoteReplacement(name.isEmpty() ? "…" : name));
        }
        paths.appendTail(hidden);
        return hidden.toString();
    }
}
