package dev.atelier.io;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The check every reader of a user's file makes before opening it: that it is a regular file
 * (symbolic links followed). A named pipe blocks the opening until something writes to it, a device
 * such as {@code /dev/zero} or {@code /dev/urandom} never ends, and a socket cannot be opened at all;
 * each is refused from its attributes alone, without opening it, in one line that says what it is.
 */
public final class RegularFiles {
    /** The file-type bits of a Unix mode and the values this class names. */
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private RegularFiles() {}

    /**
     * {@code file}, which must be a regular file.
     *
     * @param what what the file should be, for the message (e.g. {@code "weights file"})
     * @throws BadInputException when it is missing, a folder, a device, a pipe or a socket
     */
    public static Path require(Path file, String what) {
        BasicFileAttributes attributes = attributes(file);
        if (attributes.isDirectory()) {
            throw new BadInputException(file, "is a folder, not a " + what);
        }
        if (!attributes.isRegularFile()) {
            throw notRegular(file, what);
        }
        return file;
    }

    /**
     * {@code file}, which must be a regular file or a folder (for inputs that may be either, such as a
     * folder of variables); what a folder holds is checked by whoever reads it.
     *
     * @param what what the file or folder should be, for the message (e.g. {@code "model file or folder"})
     */
    public static Path requireFileOrFolder(Path file, String what) {
        BasicFileAttributes attributes = attributes(file);
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            throw notRegular(file, what);
        }
        return file;
    }

    /** Whether {@code file} exists and is a device, a pipe, a socket or anything else not a file or folder. */
    public static boolean isSpecial(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return !attributes.isRegularFile() && !attributes.isDirectory();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().strip()) + ")", e);
        }
    }

    private static BadInputException notRegular(Path file, String what) {
        return new BadInputException(file, "is " + kind(file) + ", not a " + what + " (only regular files are read)");
    }

    /** What a file that is neither a regular file nor a folder is, in words. */
    static String kind(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer bits) {
                return switch (bits & TYPE_MASK) {
                    case FIFO -> "a named pipe (FIFO)";
                    case CHARACTER_DEVICE -> "a character device";
                    case BLOCK_DEVICE -> "a block device";
                    case SOCKET -> "a socket";
                    default -> "a special file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // Platforms without the unix attribute view: say it without the detail.
        }
        return "a device, pipe or socket";
    }
}
