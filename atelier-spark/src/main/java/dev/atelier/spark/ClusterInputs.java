package dev.atelier.spark;

import dev.atelier.BadInputException;
import dev.atelier.UnavailableException;
import dev.atelier.batch.InputStamp;
import dev.atelier.io.ClipNames;
import dev.atelier.io.ImageFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finding a job's inputs on the cluster's file system, by the rules {@code atelier batch} follows on
 * a disk: a folder stands for the JPEG and PNG images directly in it (by name; hidden files and
 * subfolders left out), a file for itself; globs ({@code photos/2026-*}) are expanded first. Only
 * names, sizes and times are read here. Clips among the photos are refused in one line: the job
 * repaints pictures only.
 */
final class ClusterInputs {
    private static final String CONTENT = "content";

    private ClusterInputs() {}

    /**
     * An input file as the driver saw it.
     *
     * @param path its qualified path
     * @param length its size in bytes
     * @param modified its modification time, milliseconds since 1970
     */
    record InputFile(Path path, long length, long modified) {
        /** Size and time, as batch manifests record them. */
        String stamp() {
            return InputStamp.of(length, modified);
        }

        String display() {
            return ClusterFiles.displayName(path);
        }

        /**
         * A local path standing for it where only names matter (result names, the index page): the file
         * itself on the local disk, else {@code /<scheme>/<authority>/<path>}, unique across file systems.
         */
        java.nio.file.Path view() {
            String scheme = path.toUri().getScheme();
            if ("file".equals(scheme)) {
                return java.nio.file.Path.of(path.toUri().getPath());
            }
            String authority = path.toUri().getAuthority();
            return java.nio.file.Path.of("/" + scheme, authority == null ? "_" : authority, path.toUri().getPath());
        }
    }

    /**
     * Image files: each folder replaced by the images directly in it, each file kept as given.
     *
     * @param role what they are, for messages ({@code content}, {@code style})
     * @param output the job's output folder: images there are results, never inputs
     * @throws BadInputException when a path matches nothing or a folder holds no images, or a photo
     *     (given, or in a folder given) is a clip: the job repaints pictures only
     */
    static List<InputFile> images(List<String> filesOrFolders, String role, Configuration configuration,
            Path output) {
        List<InputFile> images = new ArrayList<>();
        for (String given : filesOrFolders) {
            for (FileStatus status : matches(given, role + " image or folder", configuration)) {
                if (status.isDirectory()) {
                    List<InputFile> found = listed(status.getPath(), configuration, file -> true, output,
                            CONTENT.equals(role));
                    if (found.isEmpty()) {
                        throw new BadInputException(given + ": " + role + " folder holds no .jpg or .png images");
                    }
                    images.addAll(found);
                } else if (status.isFile()) {
                    if (CONTENT.equals(role)) {
                        refuseClip(status.getPath());
                    }
                    images.add(input(status));
                }
            }
        }
        if (images.isEmpty()) {
            throw new BadInputException("no " + role + " images given");
        }
        return images;
    }

    /** The images of a single-folder layout whose names start with {@code prefix} ({@code content_}). */
    static List<InputFile> prefixed(String folder, String prefix, String role, Configuration configuration,
            Path output) {
        List<InputFile> found = new ArrayList<>();
        for (FileStatus status : matches(folder, "input folder", configuration)) {
            if (!status.isDirectory()) {
                throw new BadInputException(folder + ": not a folder");
            }
            found.addAll(listed(status.getPath(), configuration, name -> name.toLowerCase(Locale.ROOT)
                    .startsWith(prefix), output, CONTENT.equals(role)));
        }
        if (found.isEmpty()) {
            throw new BadInputException(folder + ": holds no " + prefix + "* images (expected " + role
                    + " images named " + prefix + "<name>.jpg or .png)");
        }
        return found;
    }

    /**
     * A trained network: a file, or a folder of variables (TensorFlow's form), whose stamp covers the
     * files in it as {@code batch}'s does (their total size and latest time).
     */
    static InputFile model(String given, Configuration configuration) {
        Path path = new Path(given);
        FileSystem system = ClusterFiles.of(path, configuration);
        try {
            FileStatus status = qualified(system.getFileStatus(path), system);
            if (!status.isDirectory()) {
                return file(given, "model", configuration);
            }
            long size = 0;
            long modified = status.getModificationTime();
            for (FileStatus file : system.listStatus(status.getPath())) {
                if (file.isFile()) {
                    size += file.getLen();
                    modified = Math.max(modified, file.getModificationTime());
                }
            }
            return new InputFile(status.getPath(), size, modified);
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException(given + ": no such model file or folder");
        } catch (IOException e) {
            throw new UnavailableException(given + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** One existing regular file (a pairs list, a model). */
    static InputFile file(String given, String role, Configuration configuration) {
        return file(new Path(given), given, role, configuration);
    }

    /** As {@link #file(String, String, Configuration)} for a path, named {@code given} in messages. */
    static InputFile file(Path path, String given, String role, Configuration configuration) {
        FileSystem system = ClusterFiles.of(path, configuration);
        try {
            FileStatus status = system.getFileStatus(path);
            if (!status.isFile()) {
                throw new BadInputException(given + ": not a regular file (" + role + ")");
            }
            return input(status, system);
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException(given + ": no such file (" + role + ")");
        } catch (IOException e) {
            throw new UnavailableException(given + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static FileStatus[] matches(String given, String what, Configuration configuration) {
        Path path = new Path(given);
        FileSystem system = ClusterFiles.of(path, configuration);
        try {
            FileStatus[] matches = system.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new BadInputException(given + ": " + what + " not found");
            }
            for (int i = 0; i < matches.length; i++) {
                matches[i] = qualified(matches[i], system);
            }
            return matches;
        } catch (IOException e) {
            throw new UnavailableException(given + ": cannot look it up (" + e.getMessage() + ")", e);
        }
    }

    private static List<InputFile> listed(Path folder, Configuration configuration, Predicate<String> keep,
            Path output, boolean refuseClips) {
        FileSystem system = ClusterFiles.of(folder, configuration);
        List<InputFile> found = new ArrayList<>();
        try {
            for (FileStatus status : system.listStatus(folder)) {
                String name = status.getPath().getName();
                if (refuseClips && status.isFile() && !name.startsWith(".") && !name.startsWith("_") && keep.test(name)
                        && !isIn(qualified(status, system).getPath(), output)) {
                    refuseClip(status.getPath());
                }
                if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")
                        && ImageFiles.looksLikeImage(java.nio.file.Path.of(name)) && keep.test(name)
                        && !isIn(qualified(status, system).getPath(), output)) {
                    found.add(input(status, system));
                }
            }
        } catch (IOException e) {
            throw new UnavailableException(folder + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        found.sort(Comparator.comparing(file -> file.path().getName()));
        return found;
    }

    /**
     * Refuses a clip among the photos in one line, rather than passing over it in silence: clips are
     * repainted whole by atelier-video, which {@code atelier batch} runs on one machine, not here.
     */
    static void refuseClip(Path file) {
        if (ClipNames.isClip(java.nio.file.Path.of(file.getName()))) {
            throw new BadInputException(ClusterFiles.displayName(file) + ": a clip; the Spark job repaints pictures "
                    + "only (clips are repainted whole by the batch on one machine)");
        }
    }

    /** Whether {@code file} lies directly in {@code folder}: a job never takes its own results for inputs. */
    private static boolean isIn(Path file, Path folder) {
        return file.getParent() != null && file.getParent().toUri().getPath().equals(folder.toUri().getPath())
                && java.util.Objects.equals(file.toUri().getScheme(), folder.toUri().getScheme());
    }

    private static InputFile input(FileStatus status) {
        return new InputFile(status.getPath(), status.getLen(), status.getModificationTime());
    }

    private static InputFile input(FileStatus status, FileSystem system) {
        return input(qualified(status, system));
    }

    private static FileStatus qualified(FileStatus status, FileSystem system) {
        status.setPath(system.makeQualified(status.getPath()));
        return status;
    }
}
