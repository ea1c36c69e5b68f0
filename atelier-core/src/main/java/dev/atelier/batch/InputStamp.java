package dev.atelier.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A cheap sign that an input file changed: its size and modification time (for a folder, such as a
 * model's variable folder, the total size and latest time of the files in it). A pair whose inputs
 * changed since it was made is made again. Public for runners that read inputs from elsewhere (a
 * cluster's file system), whose stamps must read alike.
 */
public final class InputStamp {
    private InputStamp() {}

    /** The stamp of a file of {@code size} bytes last modified at {@code modifiedMillis} (since 1970). */
    public static String of(long size, long modifiedMillis) {
        return size + "@" + modifiedMillis;
    }

    static String of(Path path) {
        try {
            if (Files.isDirectory(path)) {
                long size = 0;
                long modified = Files.getLastModifiedTime(path).toMillis();
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        if (Files.isRegularFile(file)) {
                            size += Files.size(file);
                            modified = Math.max(modified, Files.getLastModifiedTime(file).toMillis());
                        }
                    }
                }
                return of(size, modified);
            }
            return of(Files.size(path), Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            // An unreadable input fails its pairs when they run; here it only never matches.
            return "unreadable";
        }
    }
}
