package dev.atelier.io;

import dev.atelier.InvalidOptionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * A format results can be written in: PNG, JPEG, and every other format an image writer on the class
 * path supports (the JDK adds BMP, GIF and TIFF; a plugin on the class path adds its own). The one
 * format choice of every front end: single results, folders, batches and the studio.
 *
 * @param name the canonical name, also the extension written ({@code png}, {@code jpg}, {@code tiff})
 * @param writerName the name ImageIO knows the writer by
 * @param aliases other names and extensions accepted for it ({@code jpeg}, {@code tif})
 */
public record OutputFormat(String name, String writerName, Set<String> aliases) {
    public static final OutputFormat PNG = new OutputFormat("png", "png", Set.of());
    public static final OutputFormat JPG = new OutputFormat("jpg", "jpeg", Set.of("jpeg"));

    /**
     * Writers that cannot hold a colour picture (WBMP is 1-bit) or that nobody asks for by that name
     * (ImageIO lists the same writers under several names and MIME-like spellings).
     */
    private static final Set<String> UNSUITABLE = Set.of("wbmp");
    private static final Map<String, String> CANONICAL = Map.of("jpeg", "jpg", "tif", "tiff");

    public OutputFormat {
        aliases = Set.copyOf(aliases);
    }

    /** Every writable format, PNG and JPEG first, then the others by name. */
    public static List<OutputFormat> all() {
        Map<String, OutputFormat> formats = new LinkedHashMap<>();
        formats.put(PNG.name(), PNG);
        formats.put(JPG.name(), JPG);
        Set<String> names = new TreeSet<>();
        for (String writer : ImageIO.getWriterFormatNames()) {
            names.add(writer.toLowerCase(Locale.ROOT));
        }
        for (String writer : names) {
            String canonical = CANONICAL.getOrDefault(writer, writer);
            if (UNSUITABLE.contains(canonical) || formats.containsKey(canonical) || !canonical.matches("[a-z0-9]+")) {
                continue;
            }
            Set<String> aliases = new TreeSet<>();
            CANONICAL.forEach((alias, target) -> {
                if (target.equals(canonical) && names.contains(alias)) {
                    aliases.add(alias);
                }
            });
            formats.put(canonical, new OutputFormat(canonical, names.contains(canonical) ? canonical : writer,
                    aliases));
        }
        return new ArrayList<>(formats.values());
    }

    /** Every accepted name, canonical ones first: for option choices and messages. */
    public static List<String> names() {
        return all().stream().map(OutputFormat::name).toList();
    }

    /**
     * The format called {@code text} (any case, with or without a dot).
     *
     * @throws InvalidOptionException naming {@code key} and the formats there are
     */
    public static OutputFormat named(String key, String text) {
        return find(text).orElseThrow(() -> new InvalidOptionException(key, "expected one of "
                + String.join(", ", names()) + ", got '" + text + "'"));
    }

    /** The format called {@code text}, if there is one. */
    public static Optional<OutputFormat> find(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (wanted.startsWith(".")) {
            wanted = wanted.substring(1);
        }
        for (OutputFormat format : all()) {
            if (format.name().equals(wanted) || format.aliases().contains(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format a file name asks for by its extension.
     *
     * @throws InvalidOptionException naming {@code key} when the name has no extension or one no
     *     writer takes
     */
    public static OutputFormat of(String key, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            throw new InvalidOptionException(key, file + ": no file extension to choose the image format (use one "
                    + "of " + String.join(", ", names()) + ")");
        }
        return find(name.substring(dot + 1)).orElseThrow(() -> new InvalidOptionException(key, file
                + ": unsupported image format '" + name.substring(dot) + "' (use one of "
                + String.join(", ", names()) + ")"));
    }

    /** Whether a file name ends in an extension of a writable format. */
    public static boolean isImageName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && find(name.substring(dot + 1)).isPresent();
    }

    /** The extension written, without its dot. */
    public String extension() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
