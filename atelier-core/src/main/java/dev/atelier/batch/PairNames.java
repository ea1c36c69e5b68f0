package dev.atelier.batch;

import dev.atelier.BadInputException;
import dev.atelier.io.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Names of results: {@code <photo stem>__<style stem>}, unique even when input names clash. */
public final class PairNames {
    /** Between the photo's and the style's name. */
    public static final String SEPARATOR = "__";
    /** Stems of the files the batch writes beside the results. */
    private static final Set<String> RESERVED = Set.of("manifest", "index", "contact-sheet");

    private PairNames() {}

    public static String of(String contentName, String styleName) {
        return contentName + SEPARATOR + styleName;
    }

    /** The file name without its extension; a folder (a model in variable-folder form) keeps its name. */
    public static String stem(Path file) {
        return ImageFiles.stem(file);
    }

    /**
     * Short names for files: their stems, except that files sharing a stem keep what tells them apart:
     * {@code a.jpg} and {@code a.png} their extension ({@code a_jpg}, {@code a_png}); two {@code
     * beach.png} from two folders their folder's name ({@code summer_beach}, {@code winter_beach}). Any
     * still equal get {@code -2}, {@code -3}, … in order.
     */
    public static List<String> stems(List<Path> files) {
        Map<String, Integer> stemCounts = new HashMap<>();
        Map<String, Integer> nameCounts = new HashMap<>();
        for (Path file : files) {
            stemCounts.merge(stem(file).toLowerCase(Locale.ROOT), 1, Integer::sum);
            nameCounts.merge(file.getFileName().toString().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            String stem = stem(file);
            String name = file.getFileName().toString();
            Path parent = file.toAbsolutePath().getParent();
            if (nameCounts.get(name.toLowerCase(Locale.ROOT)) > 1 && parent != null && parent.getFileName() != null) {
                names.add(parent.getFileName() + "_" + stem);
            } else if (stemCounts.get(stem.toLowerCase(Locale.ROOT)) > 1 && name.length() > stem.length()) {
                names.add(stem + "_" + name.substring(stem.length() + 1));
            } else {
                names.add(stem);
            }
        }
        return unique(names);
    }

    /** {@code names} with later repeats (ignoring case) renamed {@code name-2}, {@code name-3}, …. */
    public static List<String> unique(List<String> names) {
        Set<String> taken = new HashSet<>();
        for (String name : names) {
            taken.add(name.toLowerCase(Locale.ROOT));
        }
        Set<String> used = new HashSet<>();
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String candidate = name;
            if (!used.add(candidate.toLowerCase(Locale.ROOT))) {
                int suffix = 2;
                while (taken.contains((name + "-" + suffix).toLowerCase(Locale.ROOT))
                        || used.contains((name + "-" + suffix).toLowerCase(Locale.ROOT))) {
                    suffix++;
                }
                candidate = name + "-" + suffix;
                used.add(candidate.toLowerCase(Locale.ROOT));
            }
            result.add(candidate);
        }
        return result;
    }

    /** Why {@code name} cannot name a result file, or {@code null} when it can. */
    public static String problem(String name) {
        if (name.isBlank()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char character = name.charAt(i);
            if (character == '/' || character == '\\' || character == ':' || character < 0x20) {
                return "contains '" + (character < 0x20 ? "\\u" + String.format(Locale.ROOT, "%04x", (int) character)
                        : String.valueOf(character)) + "' (a name, not a path, is expected)";
            }
        }
        if (name.startsWith(".")) {
            return "starts with a dot (hidden files are reserved for temporary files)";
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "is the name of one of the batch's own files";
        }
        return null;
    }

    static void requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new BadInputException("result name '" + name + "' " + problem);
        }
    }
}
