package dev.atelier.cli;

import dev.atelier.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks on output paths, done before any long work so a typo costs nothing. */
final class CliOutputs {
    private CliOutputs() {}

    static void requireFolder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException(file, "output folder '" + file.getParent() + "' does not exist");
        }
    }

    static void requireImageOutput(Path file) {
        requireFolder(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
            throw new BadInputException(file, "unsupported output format (use .png or .jpg)");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a folder, not an image file name");
        }
    }
}
