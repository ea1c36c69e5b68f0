package dev.atelier.video.sequence;

import dev.atelier.BadInputException;
import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import dev.atelier.io.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A clip given as pictures: every image file of a folder in natural name order ({@code frame2} before
 * {@code frame10}), or the files a printf pattern names ({@code frames/frame_%04d.png}, as FFmpeg's
 * image sequences are named), in number order.
 *
 * @param source the folder or the pattern, as given
 * @param files the frames, in order
 */
public record ImageSequence(Path source, List<Path> files) {
    /** {@code %d} or {@code %0Nd} in a file name. */
    static final Pattern NUMBER = Pattern.compile("%(0?\\d{0,2})d");
    private static final List<String> PICTURE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "tif", "tiff",
            "webp");

    public ImageSequence {
        files = List.copyOf(files);
    }

    /** Whether a path names an image sequence by pattern ({@code frame_%04d.png}). */
    public static boolean isPattern(Path path) {
        return path.getFileName() != null && NUMBER.matcher(path.getFileName().toString()).find();
    }

    /**
     * The frames a folder or pattern names.
     *
     * @throws BadInputException when the folder does not exist or holds no pictures
     */
    public static ImageSequence of(Path source, int maximumFiles) {
        if (isPattern(source)) {
            return ofPattern(source, maximumFiles);
        }
        if (!Files.isDirectory(source)) {
            throw new BadInputException(source, "no such folder of frames");
        }
        List<Path> files = list(source, name -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            int dot = lower.lastIndexOf('.');
            return !name.startsWith(".") && dot > 0 && PICTURE_EXTENSIONS.contains(lower.substring(dot + 1));
        }, maximumFiles);
        if (files.isEmpty()) {
            throw new BadInputException(source, "holds no pictures (." + String.join(", .", PICTURE_EXTENSIONS) + ")");
        }
        return new ImageSequence(source, files.stream().sorted(naturalOrder()).toList());
    }

    private static ImageSequence ofPattern(Path pattern, int maximumFiles) {
        Path folder = pattern.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException(pattern, "its folder does not exist");
        }
        String name = pattern.getFileName().toString();
        Matcher number = NUMBER.matcher(name);
        number.find();
        Pattern files = Pattern.compile(Pattern.quote(name.substring(0, number.start())) + "(\\d+)"
                + Pattern.quote(name.substring(number.end())));
        List<Path> found = list(folder, file -> files.matcher(file).matches(), maximumFiles).stream()
                .sorted(Comparator.comparingLong(file -> numberOf(files, file))).toList();
        if (found.isEmpty()) {
            throw new BadInputException(pattern, "names no file");
        }
        return new ImageSequence(pattern, found);
    }

    private static long numberOf(Pattern files, Path file) {
        Matcher matcher = files.matcher(file.getFileName().toString());
        matcher.matches();
        String digits = matcher.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<String> wanted, int maximumFiles) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> files = entries.filter(file -> wanted.test(file.getFileName().toString()))
                    .filter(Files::isRegularFile).limit(maximumFiles + 1L).toList();
            if (files.size() > maximumFiles) {
                throw new BadInputException(folder, "more than {max-frames} " + maximumFiles + " frames");
            }
            return files;
        } catch (IOException failure) {
            throw new UnavailableException(folder + ": cannot list it (" + Failures.summary(failure) + ")", failure);
        }
    }

    /** Names compared with their digit runs as numbers: {@code frame2} before {@code frame10}. */
    static Comparator<Path> naturalOrder() {
        return (first, second) -> compareNatural(first.getFileName().toString(), second.getFileName().toString());
    }

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int startI = i;
                int startJ = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String left = a.substring(startI, i).replaceFirst("^0+(?=.)", "");
                String right = b.substring(startJ, j).replaceFirst("^0+(?=.)", "");
                int byLength = Integer.compare(left.length(), right.length());
                int byDigits = byLength != 0 ? byLength : left.compareTo(right);
                if (byDigits != 0) {
                    return byDigits;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The file name a frame gets in an output pattern or folder (frames counted from 1). */
    public static Path frameFile(Path output, long index) {
        if (isPattern(output)) {
            String name = output.getFileName().toString();
            Matcher number = NUMBER.matcher(name);
            number.find();
            String width = number.group(1);
            String digits = width.isEmpty() ? Long.toString(index)
                    : String.format(java.util.Locale.ROOT, "%0" + Integer.parseInt(width) + "d", index);
            return output.resolveSibling(name.substring(0, number.start()) + digits + name.substring(number.end()));
        }
        return output.resolve(String.format(java.util.Locale.ROOT, "frame_%06d.png", index));
    }

    /** The folder an output pattern or folder writes into. */
    public static Path folderOf(Path output) {
        return isPattern(output) ? output.toAbsolutePath().getParent() : output;
    }

    /** The picture format of an output pattern ({@code .png} for a folder). */
    public static Optional<OutputFormat> formatOf(Path output) {
        return isPattern(output) ? OutputFormat.find(extension(output)) : Optional.of(OutputFormat.PNG);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
