package dev.atelier.batch;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An explicit list of pairs: one {@code content,style[,name]} line per pair. Paths are relative to
 * the CSV file's folder; a first line {@code content,style[,…]} is a header; blank lines and lines
 * starting with {@code #} are skipped; fields may be double-quoted (a quote inside doubled), so paths
 * may hold commas. The optional name replaces {@code <content>__<style>} (an image extension on it is
 * dropped: the batch's format decides). Every problem names the line.
 */
public final class PairsCsv {
    private PairsCsv() {}

    /**
     * Finds the file a CSV field names (relative to the CSV's folder) and checks it exists.
     *
     * @param role what the field names, for messages: {@code content image} or {@code style}
     * @throws BadInputException naming the line when there is no such file
     */
    @FunctionalInterface
    public interface Resolver {
        Path resolve(int line, String field, String role);
    }

    public static BatchPlan read(Path csv) {
        Path folder = csv.toAbsolutePath().getParent();
        return parse(text(csv), problem -> new BadInputException(csv, problem),
                (number, field, role) -> existing(csv, number, folder, field, role));
    }

    /**
     * The pairs a CSV's text lists, its paths found by {@code resolver} (for runners whose files are
     * not on this machine's disk: a cluster's file system).
     *
     * @param problem makes the exception for a problem with the file, naming it
     */
    public static BatchPlan parse(String text, Function<String, BadInputException> problem, Resolver resolver) {
        List<String> lines = text.lines().toList();
        Map<Path, Integer> contentIndex = new LinkedHashMap<>();
        Map<Path, Integer> styleIndex = new LinkedHashMap<>();
        List<int[]> rows = new ArrayList<>();
        List<String> explicitNames = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        boolean first = true;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields = fields(problem, number, line);
            if (first && isHeader(fields)) {
                first = false;
                continue;
            }
            first = false;
            if (fields.size() < 2 || fields.size() > 3) {
                throw problem.apply("line " + number + ": expected content,style[,name] but found "
                        + fields.size() + " field" + (fields.size() == 1 ? "" : "s"));
            }
            Path content = requireField(problem, number, fields.get(0), "content image", resolver);
            Path style = requireField(problem, number, fields.get(1), "style", resolver);
            rows.add(new int[] {contentIndex.computeIfAbsent(content, key -> contentIndex.size()),
                    styleIndex.computeIfAbsent(style, key -> styleIndex.size())});
            explicitNames.add(fields.size() == 3 ? explicitName(problem, number, fields.get(2)) : null);
            lineNumbers.add(number);
        }
        if (rows.isEmpty()) {
            throw problem.apply("lists no pairs (expected lines of content,style[,name])");
        }
        List<Path> contents = new ArrayList<>(contentIndex.keySet());
        List<Path> styles = new ArrayList<>(styleIndex.keySet());
        List<String> contentNames = PairNames.stems(contents);
        List<String> styleNames = PairNames.stems(styles);
        Map<String, Integer> lineOfName = new HashMap<>();
        List<BatchPlan.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int[] row = rows.get(i);
            String name = explicitNames.get(i) != null ? explicitNames.get(i)
                    : PairNames.of(contentNames.get(row[0]), styleNames.get(row[1]));
            Integer earlier = lineOfName.putIfAbsent(name.toLowerCase(Locale.ROOT), lineNumbers.get(i));
            if (earlier != null) {
                throw problem.apply("line " + lineNumbers.get(i) + ": result name '" + name
                        + "' is already used on line " + earlier);
            }
            pairs.add(new BatchPlan.Pair(row[0], row[1], name));
        }
        return new BatchPlan(contents, styles, pairs);
    }

    private static String text(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new BadInputException(csv, Files.isDirectory(csv) ? "is a folder, not a CSV file" : "file not found");
        }
        try {
            return withoutByteOrderMark(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(csv, "cannot read file (" + e.getMessage() + ")", e);
        }
    }

    /** The text without the byte order mark some editors put first. */
    public static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean isHeader(List<String> fields) {
        return fields.size() >= 2 && fields.get(0).trim().equalsIgnoreCase("content")
                && fields.get(1).trim().equalsIgnoreCase("style");
    }

    /** Splits one line; quoted fields keep commas and doubled quotes. */
    static List<String> fields(Function<String, BadInputException> problem, int number, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char character = line.charAt(i);
            if (quoted) {
                if (character == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (character == '"') {
                    quoted = false;
                } else {
                    field.append(character);
                }
            } else if (wasQuoted && character != ',') {
                if (!Character.isWhitespace(character)) {
                    throw problem.apply("line " + number + ": text after a closing quote (a quote "
                            + "inside a quoted field is written twice)");
                }
            } else if (character == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (character == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(character);
            }
        }
        if (quoted) {
            throw problem.apply("line " + number + ": a quoted field is not closed");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields;
    }

    private static Path requireField(Function<String, BadInputException> problem, int number, String field,
            String role, Resolver resolver) {
        if (field.isEmpty()) {
            throw problem.apply("line " + number + ": the " + role + " is empty");
        }
        return resolver.resolve(number, field, role);
    }

    private static Path existing(Path csv, int number, Path folder, String field, String role) {
        Path path = folder.resolve(field).normalize();
        if (!Files.exists(path)) {
            throw new BadInputException(csv, "line " + number + ": " + role + " '" + field + "' not found (looked for "
                    + path + ")");
        }
        return path;
    }

    private static String explicitName(Function<String, BadInputException> problem, int number, String field) {
        String name = field.replaceFirst("(?i)\\.(png|jpe?g)$", "");
        String wrong = PairNames.problem(name);
        if (wrong != null) {
            throw problem.apply("line " + number + ": result name '" + field + "' " + wrong);
        }
        return name;
    }
}
