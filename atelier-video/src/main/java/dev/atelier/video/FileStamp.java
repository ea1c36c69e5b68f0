package dev.atelier.video;

import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file's size and SHA-256, so a resumed run knows it reads the same clip and paintings as the run
 * it continues (a clip edited in place keeps its name, not its hash). A folder (a feed-forward
 * network kept as a folder of variables) is stamped by its files' names and contents.
 */
final class FileStamp {
    /** Most files of a folder stamped: far beyond any network's variables. */
    private static final int MAXIMUM_FILES = 10_000;

    private FileStamp() {}

    static String of(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            if (Files.isDirectory(file)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(file)) {
                    files = walk.filter(Files::isRegularFile).limit(MAXIMUM_FILES).sorted().toList();
                }
                for (Path each : files) {
                    digest.update(file.relativize(each).toString().getBytes(StandardCharsets.UTF_8));
                    size += add(digest, each);
                }
                return files.size() + " files, " + size + " bytes, sha256 " + HexFormat.of().formatHex(digest.digest());
            }
            size = add(digest, file);
            return size + " bytes, sha256 " + HexFormat.of().formatHex(digest.digest());
        } catch (IOException failure) {
            throw new UnavailableException(file + ": cannot read it (" + Failures.summary(failure) + ")", failure);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", missing);
        }
    }

    private static long add(MessageDigest digest, Path file) throws IOException {
        long size = 0;
        try (InputStream input = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = input.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
                size += read;
            }
        }
        return size;
    }
}
