package dev.atelier.studio;

import dev.atelier.AtelierException;
import dev.atelier.video.Videos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The studio's files:
 * <pre>
 * studio.db            the job queue (SQLite)
 * jobs/&lt;id&gt;/         one folder per accepted job: content.jpg, style-1.png, ..., result.png, report.json;
 *                      for a clip content.mp4 (or .mov, ...) and result.mp4, with result.mp4.resume/ while
 *                      its frames are being made; model.safetensors when a model was uploaded with it
 * incoming/&lt;random&gt;/  uploads being checked; moved to jobs/&lt;id&gt;/ once accepted, deleted if refused
 * parts/               the HTTP server's spill folder for large multipart uploads
 * </pre>
 * Every name under it is generated here; nothing a client sends becomes part of a path.
 */
final class DataFolder {
    static final String RESULT = "result.png";
    /** A clip's result: H.264 in MP4, which browsers play. */
    static final String RESULT_CLIP = "result.mp4";
    /** A model file uploaded with a job. */
    static final String MODEL = "model.safetensors";
    static final String RESULT_JPEG = "result.jpg";
    static final String REPORT = "report.json";

    private final Path root;

    DataFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path database() {
        return root.resolve("studio.db");
    }

    Path jobs() {
        return root.resolve("jobs");
    }

    Path incoming() {
        return root.resolve("incoming");
    }

    Path parts() {
        return root.resolve("parts");
    }

    Path job(long id) {
        return jobs().resolve(Long.toString(id));
    }

    /** Where a job's run writes. */
    JobFiles files(JobRecord job) {
        return files(job(job.id()), job.clip());
    }

    /** Where a run writes in {@code folder}, for a photo or a clip. */
    static JobFiles files(Path folder, boolean clip) {
        if (!clip) {
            return new JobFiles(folder.resolve(RESULT), folder.resolve(REPORT));
        }
        Path result = folder.resolve(RESULT_CLIP);
        return new JobFiles(result, folder.resolve(REPORT), Videos.workFolderOf(result));
    }

    /**
     * What a new run of {@code job} keeps in its folder: its inputs, and a clip's finished frames (the run
     * continues from them).
     */
    static List<String> kept(JobRecord job) {
        List<String> kept = new java.util.ArrayList<>(job.inputs());
        JobFiles files = files(Path.of(""), job.clip());
        if (files.work() != null) {
            kept.add(files.work().getFileName().toString());
        }
        return kept;
    }

    /** Creates the folders. */
    void create() {
        try {
            for (Path folder : new Path[] {root, jobs(), incoming(), parts()}) {
                Files.createDirectories(folder);
            }
        } catch (IOException failure) {
            throw new AtelierException(root + ": cannot create the studio's data folder (" + failure.getMessage() + ")",
                    failure);
        }
    }

    /** A new, empty folder for one upload's files. */
    Path newIncoming() {
        try {
            for (int attempt = 0; ; attempt++) {
                Path folder = incoming().resolve(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
                try {
                    return Files.createDirectory(folder);
                } catch (FileAlreadyExistsException taken) {
                    if (attempt == 10) {
                        throw taken;
                    }
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Moves an accepted upload's folder to become job {@code id}'s folder. */
    void adopt(Path incomingFolder, long id) {
        try {
            Files.move(incomingFolder, job(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Removes what an earlier run left behind: uploads that were being checked, multipart spill
     * files, and job folders with no job (an upload accepted at the instant the server died).
     */
    void clean(Set<Long> knownJobs) {
        deleteChildren(incoming());
        deleteChildren(parts());
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(jobs())) {
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                if (!name.matches("[0-9]{1,18}") || !knownJobs.contains(Long.parseLong(name))) {
                    deleteTree(folder);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Deletes a job's outputs (result, report and stray temporary files), keeping its inputs. */
    void deleteOutputs(long id, List<String> inputs) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(job(id))) {
            for (Path file : files) {
                if (!inputs.contains(file.getFileName().toString())) {
                    deleteTree(file);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static void deleteChildren(Path folder) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                deleteTree(child);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
