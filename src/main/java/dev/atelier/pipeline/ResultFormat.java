package dev.atelier.pipeline;

import dev.atelier.BadInputException;
import java.util.Locale;

/** The image format results are written in. */
public enum ResultFormat {
    PNG("png"),
    JPG("jpg");

    private final String extension;

    ResultFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension without its dot. */
    public String extension() {
        return extension;
    }

    /** {@code png}, {@code jpg} or {@code jpeg}, any case. */
    public static ResultFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPG;
            default -> throw new BadInputException("--format: expected png or jpg, got '" + text + "'");
        };
    }
}
