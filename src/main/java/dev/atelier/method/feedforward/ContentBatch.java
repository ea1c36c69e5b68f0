package dev.atelier.method.feedforward;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Many photos through one loaded network: the files and folders a user named, where each result
 * goes, and a run that keeps going past a photo it cannot read so one bad file does not cost the
 * rest of the batch.
 */
public final class ContentBatch {
    private ContentBatch() {}

    /** One photo and the file its result is written to. */
    public record Job(Path content, Path output) {}

    /**
     * What became of a job.
     *
     * @param error the one-line reason it failed, or {@code null} when the result was written
     */
    public record Outcome(Job job, int index, int total, double seconds, String error) {
        public boolean succeeded() {
            return error == null;
        }
    }

    /**
     * Plans the jobs. Folders contribute the JPEG and PNG files directly inside them, by name. A
     * single photo (named as a file) goes to {@code output} itself; otherwise {@code output} is a
     * folder (created when missing) receiving {@code <photo name>.<photo's extension>} for each.
     *
     * @throws BadInputException for a missing input, a folder without photos, two photos that would
     *     write the same result, or a result that would overwrite its photo
     */
    public static List<Job> plan(List<Path> inputs, Path output) {
        if (inputs.isEmpty()) {
            throw new BadInputException("no content images given");
        }
        List<Path> contents = new ArrayList<>();
        boolean namedFolder = false;
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                namedFolder = true;
                contents.addAll(imagesIn(input));
            } else if (Files.isRegularFile(input)) {
                contents.add(input);
            } else {
                throw new BadInputException(input, "no such file or folder");
            }
        }
        if (contents.size() == 1 && !namedFolder && !Files.isDirectory(output)) {
            requireDistinct(contents.get(0), output);
            return List.of(new Job(contents.get(0), output));
        }
        Path folder = outputFolder(output);
        Map<Path, Path> claimed = new HashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (Path content : contents) {
            Path target = folder.resolve(resultName(content));
            Path previous = claimed.putIfAbsent(target.toAbsolutePath().normalize(), content);
            if (previous != null) {
                throw new BadInputException(target, "would receive the results of both " + previous + " and " + content
                        + "; stylize them into different folders");
            }
            requireDistinct(content, target);
            jobs.add(new Job(content, target));
        }
        return jobs;
    }

    /**
     * Runs the jobs in order, stopping early when cancelled. A photo that cannot be read or a result
     * that cannot be written is reported in its outcome and the batch goes on.
     */
    public static List<Outcome> run(List<Job> jobs, FeedForwardStylizer stylizer, ImageLoader loader,
            ImageSaver saver, Consumer<Outcome> progress, Cancellation cancellation) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < jobs.size() && !cancellation.isRequested(); i++) {
            Job job = jobs.get(i);
            long start = System.nanoTime();
            String error = null;
            try {
                RgbImage result = stylizer.stylize(loader.read(job.content()));
                saver.write(result, job.output());
            } catch (BadInputException e) {
                error = e.getMessage();
            }
            Outcome outcome = new Outcome(job, i, jobs.size(), (System.nanoTime() - start) / 1e9, error);
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        return outcomes;
    }

    private static List<Path> imagesIn(Path folder) {
        List<Path> images;
        try (Stream<Path> files = Files.list(folder)) {
            images = files.filter(Files::isRegularFile).filter(ContentBatch::looksLikeImage).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder (" + e.getMessage() + ")");
        }
        if (images.isEmpty()) {
            throw new BadInputException(folder, "holds no .jpg or .png images");
        }
        return images;
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    /** {@code photo.JPEG} becomes {@code photo.jpg}; a name without an image extension gets {@code .png}. */
    private static String resultName(Path content) {
        String name = content.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        return stem + switch (extension) {
            case "jpg", "jpeg" -> ".jpg";
            default -> ".png";
        };
    }

    private static Path outputFolder(Path output) {
        if (Files.isDirectory(output)) {
            return output;
        }
        if (Files.exists(output)) {
            throw new BadInputException(output, "several results need an output folder, but this is a file");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(output, "output folder's parent '" + output.getParent() + "' does not exist");
        }
        try {
            return Files.createDirectory(output);
        } catch (IOException e) {
            throw new BadInputException(output, "cannot create the output folder (" + e.getMessage() + ")");
        }
    }

    private static void requireDistinct(Path content, Path output) {
        if (content.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new BadInputException(output, "the result would overwrite the photo itself");
        }
    }
}
