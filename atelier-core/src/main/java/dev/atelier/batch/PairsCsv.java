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

/**
 * An explicit list of pairs: one {@code content,style[,name]} line per pair. Paths are relative to
 * the CSV file's folder; a first line {@code content,style[,…]} is a header; blank lines and lines
 * starting with {@code #} are skipped; fields may be double-quoted (a quote inside doubled), so paths
 * may hold commas. The optional name replaces {@code <content>__<style>} (an image extension on it is
 * dropped: the batch's format decides). Every problem names the line.
 */
public final class PairsCsv {
    private PairsCsv() {}

    public static BatchPlan read(Path csv) {
        List<String> lines = lines(csv);
        Path folder = csv.toAbsolutePath().getParent();
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
            List<String> fields = fields(csv, number, line);
            if (first && isHeader(fields)) {
                first = false;
                continue;
            }
            first = false;
            if (fields.size() < 2 || fields.size() > 3) {
                throw new BadInputException(csv, "line " + number + ": expected content,style[,name] but found "
                        + fields.size() + " field" + (fields.size() == 1 ? "" : "s"));
            }
            Path content = existing(csv, number, folder, fields.get(0), "content image");
            Path style = existing(csv, number, folder, fields.get(1), "style");
            rows.add(new int[] {contentIndex.computeIfAbsent(content, key -> contentIndex.size()),
                    styleIndex.computeIfAbsent(style, key -> styleIndex.size())});
            explicitNames.add(fields.size() == 3 ? explicitName(csv, number, fields.get(2)) : null);
            lineNumbers.add(number);
        }
        if (rows.isEmpty()) {
            throw new BadInputException(csv, "lists no pairs (expected lines of content,style[,name])");
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
                throw new BadInputException(csv, "line " + lineNumbers.get(i) + ": result name '" + name
                        + "' is already used on line " + earlier);
            }
            pairs.add(new BatchPlan.Pair(row[0], row[1], name));
        }
        return new BatchPlan(contents, styles, pairs);
    }

    private static List<String> lines(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new BadInputException(csv, Files.isDirectory(csv) ? "is a folder, not a CSV file" : "file not found");
        }
        try {
            String text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return text.lines().toList();
        } catch (IOException e) {
            throw new BadInputException(csv, "cannot read file (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isHeader(List<String> fields) {
        return fields.size() >= 2 && fields.get(0).trim().equalsIgnoreCase("content")
                && fields.get(1).trim().equalsIgnoreCase("style");
    }

    /** Splits one line; quoted fields keep commas and doubled quotes. */
    static List<String> fields(Path csv, int number, String line) {
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
                    throw new BadInputException(csv, "line " + number + ": text after a closing quote (a quote "
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
            throw new BadInputException(csv, "line " + number + ": a quoted field is not closed");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields;
    }

    private static Path existing(Path csv, int number, Path folder, String field, String role) {
        if (field.isEmpty()) {
            throw new BadInputException(csv, "line " + number + ": the " + role + " is empty");
        }
        Path path = folder.resolve(field).normalize();
        if (!Files.exists(path)) {
            throw new BadInputException(csv, "line " + number + ": " + role + " '" + field + "' not found (looked for "
                    + path + ")");
        }
        return path;
    }

    private static String explicitName(Path csv, int number, String field) {
        String name = field.replaceFirst("(?i)\\.(png|jpe?g)$", "");
        String problem = PairNames.problem(name);
        if (problem != null) {
            throw new BadInputException(csv, "line " + number + ": result name '" + field + "' " + problem);
        }
        return name;
    }
}
