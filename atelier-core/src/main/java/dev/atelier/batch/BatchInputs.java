package dev.atelier.batch;

import dev.atelier.BadInputException;
import dev.atelier.io.ClipNames;
import dev.atelier.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finding a batch's inputs: images in folders (and clips among the photos, for a batch that repaints
 * them), the {@code content_*}/{@code style_*} single-folder layout, and model files. Only names are
 * listed; nothing is decoded here.
 */
public final class BatchInputs {
    /** Prefix of photos in the single-folder layout. */
    public static final String CONTENT_PREFIX = "content_";
    /** Prefix of style images in the single-folder layout. */
    public static final String STYLE_PREFIX = "style_";

    private BatchInputs() {}

    /**
     * Image files: each folder replaced by the JPEG and PNG files directly in it (by name, hidden
     * files skipped), each file kept as given.
     *
     * @param role what the images are, for messages ({@code content}, {@code style})
     * @throws BadInputException when a path does not exist or a folder holds no images
     */
    public static List<Path> images(List<Path> filesOrFolders, String role) {
        return files(filesOrFolders, role, false);
    }

    /**
     * The photos: as {@link #images}, and with {@code withClips} the clips in each folder too
     * ({@link ClipNames}), for a batch that repaints clips.
     */
    public static List<Path> contents(List<Path> filesOrFolders, boolean withClips) {
        return files(filesOrFolders, "content", withClips);
    }

    private static List<Path> files(List<Path> filesOrFolders, String role, boolean withClips) {
        List<Path> images = new ArrayList<>();
        for (Path path : filesOrFolders) {
            if (Files.isDirectory(path)) {
                List<Path> found = list(path, file -> true, withClips);
                if (found.isEmpty()) {
                    throw new BadInputException(path, role + " folder holds no .jpg or .png images"
                            + (withClips ? " or clips" : ""));
                }
                images.addAll(found);
            } else if (Files.exists(path)) {
                images.add(path);
            } else {
                throw new BadInputException(path, role + " image or folder not found");
            }
        }
        if (images.isEmpty()) {
            throw new BadInputException("no " + role + " images given");
        }
        return images;
    }

    /** The photos of the single-folder layout: its {@code content_*} images. */
    public static List<Path> contentsIn(Path folder) {
        return contentsIn(folder, false);
    }

    /** As {@link #contentsIn(Path)}, with its {@code content_*} clips too when {@code withClips}. */
    public static List<Path> contentsIn(Path folder, boolean withClips) {
        return prefixed(folder, CONTENT_PREFIX, "content", withClips);
    }

    /** The style images of the single-folder layout: its {@code style_*} images. */
    public static List<Path> stylesIn(Path folder) {
        return prefixed(folder, STYLE_PREFIX, "style", false);
    }

    /** Model files or variable folders, each checked to exist (their contents are read when used). */
    public static List<Path> models(List<Path> models) {
        for (Path model : models) {
            if (!Files.exists(model)) {
                throw new BadInputException(model, "no such model file or folder");
            }
        }
        if (models.isEmpty()) {
            throw new BadInputException("no models given");
        }
        return List.copyOf(models);
    }

    private static List<Path> prefixed(Path folder, String prefix, String role, boolean withClips) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, "input folder not found");
        }
        List<Path> found = list(folder, file -> file.getFileName().toString().toLowerCase(Locale.ROOT)
                .startsWith(prefix), withClips);
        if (found.isEmpty()) {
            throw new BadInputException(folder, "holds no " + prefix + "* images (expected " + role
                    + " images named " + prefix + "<name>.jpg or .png)");
        }
        return found;
    }

    /**
     * The images (and with {@code withClips} the clips) directly in {@code folder} that {@code keep}
     * accepts, by name, leaving out hidden files and the results Atelier wrote there (a batch run into
     * its own photo folder must not take its results for photos on the next run).
     */
    private static List<Path> list(Path folder, Predicate<Path> keep, boolean withClips) {
        OwnOutputs own = new OwnOutputs();
        Predicate<Path> kind = file -> ImageFiles.looksLikeImage(file) || (withClips
                && ClipNames.isClip(file) && !file.getFileName().toString().startsWith("."));
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(kind).filter(keep)
                    .filter(file -> !own.isAtelierOutput(file)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder (" + e.getMessage() + ")", e);
        }
    }
}
