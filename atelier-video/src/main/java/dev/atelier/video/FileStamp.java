package dev.atelier.video;

import dev.atelier.Failures;
import dev.atelier.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's size and SHA-256, so a resumed run knows it reads the same clip and paintings as the run
 * it continues (a clip edited in place keeps its name, not its hash).
 */
final class FileStamp {
    private FileStamp() {}

    static String of(Path file) {
        try (InputStream input = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            int read;
            while ((read = input.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
                size += read;
            }
            return size + " bytes, sha256 " + HexFormat.of().formatHex(digest.digest());
        } catch (IOException failure) {
            throw new UnavailableException(file + ": cannot read it (" + Failures.summary(failure) + ")", failure);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", missing);
        }
    }
}
