package dev.atelier.spark;

import dev.atelier.BadInputException;
import dev.atelier.UnavailableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on whatever file system a Spark job reads and writes (HDFS, S3, GCS through the usual Hadoop
 * connectors, or the local disk), through Hadoop's own {@link FileSystem}: the library Spark's
 * {@code binaryFile} source reads with, with the same settings and credentials.
 *
 * <p>Every file is written as {@code dev.atelier.io.AtomicFiles} writes one: to a hidden temporary
 * name beside the target ({@code .name.tmp-<16 hex digits>}), renamed into place once complete, so a
 * task that dies mid-write leaves no partial result under the result's name (on HDFS the rename is
 * atomic; on object stores it is a copy of a complete object). Temporary files a dead task left are
 * removed by the job's driver ({@link #removeLeftovers}).
 */
final class ClusterFiles {
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterFiles() {}

    /**
     * The file system holding {@code path}. The local one without Hadoop's checksum files: results
     * there are for people, and {@code .name.png.crc} beside each would only clutter the folder.
     */
    static FileSystem of(Path path, Configuration configuration) {
        try {
            FileSystem system = path.getFileSystem(configuration);
            return system instanceof LocalFileSystem local ? local.getRawFileSystem() : system;
        } catch (IOException e) {
            throw new UnavailableException(path + ": no file system for it (" + e.getMessage() + ")", e);
        }
    }

    /** How messages, manifests and reports name a file: a local file by its path, others by URI. */
    static String displayName(Path path) {
        URI uri = path.toUri();
        return "file".equals(uri.getScheme()) ? uri.getPath() : uri.toString();
    }

    /**
     * A local path with the same folder and file names, for what only looks at names (result names,
     * the index page); a {@code file:} path's view is the file itself.
     */
    static java.nio.file.Path nameView(Path path) {
        return java.nio.file.Path.of(path.toUri().getPath());
    }

    /**
     * Reads a whole file, refusing folders, other non-regular files and files over {@code limit} bytes
     * before allocating anything.
     *
     * @throws BadInputException naming the file
     */
    static byte[] read(FileSystem system, Path file, long limit) {
        try {
            FileStatus status = system.getFileStatus(file);
            if (!status.isFile()) {
                throw new BadInputException(displayName(file) + ": not a regular file");
            }
            if (status.getLen() > limit) {
                throw new BadInputException(displayName(file) + ": " + status.getLen() + " bytes, more than any "
                        + "picture within the pixel limit needs (" + limit + ")");
            }
            byte[] bytes = new byte[(int) status.getLen()];
            try (InputStream input = system.open(file)) {
                int read = input.readNBytes(bytes, 0, bytes.length);
                if (read != bytes.length || input.read() != -1) {
                    throw new BadInputException(displayName(file) + ": changed while being read");
                }
            }
            return bytes;
        } catch (FileNotFoundException e) {
            throw new BadInputException(displayName(file) + ": not found");
        } catch (IOException e) {
            throw new BadInputException(displayName(file) + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /**
     * The largest file that can hold a picture within {@code maxPixels}: eight bytes a pixel (16-bit
     * RGBA, uncompressed) and a megabyte of headers and metadata; larger files are refused unread.
     */
    static long largestImageFile(long maxPixels) {
        return Math.min(Integer.MAX_VALUE - 16L, maxPixels * 8 + (1 << 20));
    }

    static String readText(FileSystem system, Path file, long limit) {
        return new String(read(system, file, limit), StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes} to {@code target} atomically: a temporary file first, then a rename. When
     * two attempts of one task race (speculation), both write the same picture and the last rename
     * wins.
     *
     * @throws UnavailableException when the file system refuses the write
     */
    static void write(FileSystem system, Path target, byte[] bytes) {
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-"
                + HexFormat.of().formatHex(randomBytes()));
        try {
            try (OutputStream output = system.create(temporary, false)) {
                output.write(bytes);
            }
            if (!system.rename(temporary, target)) {
                // HDFS does not rename over an existing file: an older result being replaced.
                system.delete(target, false);
                if (!system.rename(temporary, target)) {
                    throw new IOException("cannot rename " + temporary.getName() + " to " + target.getName());
                }
            }
        } catch (IOException e) {
            deleteQuietly(system, temporary);
            throw new UnavailableException(displayName(target) + ": cannot write it (" + e.getMessage() + ")", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(system, temporary);
            throw e;
        }
    }

    /** Whether a file of this name is a temporary file of an unfinished write. */
    static boolean isTemporary(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /** Removes the temporary files dead tasks left in {@code folder}; returns how many. */
    static int removeLeftovers(FileSystem system, Path folder) {
        int removed = 0;
        try {
            if (!system.exists(folder)) {
                return 0;
            }
            for (FileStatus status : system.listStatus(folder)) {
                if (status.isFile() && isTemporary(status.getPath().getName()) && system.delete(status.getPath(), false)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UnavailableException(displayName(folder) + ": cannot list the output folder (" + e.getMessage()
                    + ")", e);
        }
        return removed;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void deleteQuietly(FileSystem system, Path file) {
        try {
            system.delete(file, false);
        } catch (IOException | RuntimeException ignored) {
            // A leftover temporary is removed by the job's driver at its end.
        }
    }
}
