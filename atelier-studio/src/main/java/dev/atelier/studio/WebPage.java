package dev.atelier.studio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's files, served from the class path ({@code dev/atelier/studio/web/}): plain HTML, CSS
 * and JavaScript modules, no build step, nothing fetched from elsewhere.
 */
final class WebPage {
    private static final String FOLDER = "/dev/atelier/studio/web/";
    /** Names the page may ask for: no separators, so no path can escape the folder. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** A file of the page, or empty when there is none of that name. */
    Optional<byte[]> file(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, WebPage::read);
    }

    static String contentType(String name) {
        return TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream input = WebPage.class.getResourceAsStream(FOLDER + name)) {
            return input == null ? Optional.empty() : Optional.of(input.readAllBytes());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
